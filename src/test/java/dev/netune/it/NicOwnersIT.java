package dev.netune.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netune.testhost.Cli;
import dev.netune.testhost.KernelHostExtension;
import dev.netune.testhost.QemuGuest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A systemd .link file with a ring setting on the guest's e1000e makes the plan warn that udev
 * will overwrite netune's ring at the next add of the device; a .link file udev never applies to
 * it (ordered after the guest's own 10-eth0.link) does not.
 */
@Tag("kernel")
@ExtendWith(KernelHostExtension.class)
class NicOwnersIT {
    private static final String FIRST = "/etc/systemd/network/05-netune-it.link";
    private static final String LATER = "/etc/systemd/network/50-netune-it.link";

    @TempDir
    Path dir;
    QemuGuest guest;

    @BeforeEach
    void clean(QemuGuest guest) {
        this.guest = guest;
        removeLinkFiles();
    }

    @AfterEach
    void restore() {
        removeLinkFiles();
    }

    private void removeLinkFiles() {
        guest.run("rm -f " + FIRST + " " + LATER).stdoutOrThrow();
    }

    /** A .link file for eth0 (the guest's e1000e, MAC 52:54:00:12:34:02) that keeps its name and sets the RX ring. */
    private void linkFile(String path) {
        guest.run("printf '[Match]\\nMACAddress=52:54:00:12:34:02\\n[Link]\\nName=eth0\\nRxBufferSize=512\\n' > " + path)
                .stdoutOrThrow();
    }

    private String plan() throws Exception {
        Files.writeString(dir.resolve("ring.yaml"), """
                nics:
                  - match: {name: eth0}
                    ring: {rx: 4096}
                """);
        Path inv = GuestInventory.write(dir, guest, "ring.yaml", true);
        Cli.Result plan = Cli.run("plan", "-i", inv.toString());
        assertEquals(0, plan.exit(), plan::toString);
        return plan.out();
    }

    @Test
    void theLinkFileUdevAppliesIsNamedWithItsKeyAndWhen() throws Exception {
        linkFile(FIRST);
        String out = plan();
        assertTrue(out.contains("eth0 ring rx: the .link file " + FIRST + " sets RxBufferSize=512 (netune: 4096);"
                + " it will overwrite netune's value at the next udev add/move of the device"), out);
    }

    @Test
    void aLinkFileAfterTheGuestsOwnNeverAppliesAndIsNotWarnedAbout() throws Exception {
        linkFile(LATER);
        String out = plan();
        assertFalse(out.contains(".link file"), out);
    }
}
