package dev.netune.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netune.testhost.Cli;
import dev.netune.testhost.KernelHostExtension;
import dev.netune.testhost.QemuGuest;
import dev.netune.transport.ShellScript;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A floor on a global sysctl and the host's own list of qdiscs, on a real kernel (the QEMU guest,
 * Debian's 6.1 with its modules): what a container cannot show, since it has neither the global
 * keys nor /lib/modules.
 */
@Tag("kernel")
@ExtendWith(KernelHostExtension.class)
class KernelSysctlBoundsIT {
    @TempDir
    Path dir;

    /** The guest is shared by every kernel test class: leave it as found. */
    @AfterEach
    void restore(QemuGuest guest) {
        guest.run("rm -f /etc/sysctl.d/99-zz-netune.conf; echo 1000 > /proc/sys/net/core/netdev_max_backlog;"
                + " echo pfifo_fast > /proc/sys/net/core/default_qdisc; true").stdoutOrThrow();
    }

    @Test
    void aGlobalFloorIsRaisedThenKeptAndDefaultQdiscIsCheckedAgainstTheKernelsModules(QemuGuest guest) throws Exception {
        guest.run("echo 1000 > /proc/sys/net/core/netdev_max_backlog; echo pfifo_fast > /proc/sys/net/core/default_qdisc")
                .stdoutOrThrow();
        Files.writeString(dir.resolve("floor.yaml"), """
                sysctl:
                  net.core.netdev_max_backlog: {atLeast: 4096}
                  net.core.default_qdisc: fq
                """);
        Path inv = GuestInventory.write(dir, guest, "floor.yaml", true);
        Cli.Result plan = Cli.run("plan", "-i", inv.toString());
        assertEquals(0, plan.exit(), plan::toString);
        assertTrue(plan.out().contains("~ sysctl net.core.netdev_max_backlog: 1000 -> 4096  (raised 1000 to the floor 4096)"),
                plan::toString);
        assertTrue(plan.out().contains("~ sysctl net.core.default_qdisc: pfifo_fast -> fq  (existing devices keep their"
                + " qdisc"), plan::toString);
        Cli.Result apply = Cli.run("apply", "-i", inv.toString(), "--yes");
        assertEquals(0, apply.exit(), apply::toString);
        assertEquals("4096", guest.run("cat /proc/sys/net/core/netdev_max_backlog").stdoutOrThrow().strip());
        assertEquals("fq", guest.run("cat /proc/sys/net/core/default_qdisc").stdoutOrThrow().strip());

        guest.run("echo 8192 > /proc/sys/net/core/netdev_max_backlog").stdoutOrThrow();
        Cli.Result kept = Cli.run("plan", "-i", inv.toString(), "-v");
        assertTrue(kept.out().contains("= net.core.netdev_max_backlog kept 8192 (>= 4096)"), kept::toString);

        // a qdisc this kernel neither has built in nor can load: refused at plan, with the ones it has
        Files.writeString(dir.resolve("floor.yaml"), "sysctl:\n  net.core.default_qdisc: nosuchq\n");
        Cli.Result refused = Cli.run("plan", "-i", inv.toString());
        assertEquals(1, refused.exit(), refused::toString);
        assertTrue(refused.out().contains("qdisc 'nosuchq' is not built into this kernel nor loadable as sch_nosuchq"),
                refused::toString);
        assertTrue(refused.out().contains(" fq_codel"), refused::toString);
    }

    /** The reading the plan relies on, from the real kernel; saved beside the build for the unit tests' capture. */
    @Test
    void theHostReadingListsModulesCongestionControlsAndKeys(QemuGuest guest) throws Exception {
        // the libraries the sysctl gather fragment brings (sysctl-host.sh calls kernel-modules.sh, both
        // read-line.sh), modules asked for as a profile setting a congestion control asks; a directory
        // is listed when a wanted key is missing from it (here the misspelt tcp_syncookie)
        String script = ShellScript.library("read-line") + ShellScript.library("kernel-modules") + ShellScript.library("sysctl-host")
                + "\nnetune_sysctl_allowed modules\nnetune_sysctl_keys net/ipv4 tcp_syncookie\nnetune_sysctl_listening\n";
        String out = guest.run(script).stdoutOrThrow();
        Files.writeString(Path.of(System.getProperty("netune.buildDir", "target"), "guest-sysctl-host.txt"),
                "# uname -r: " + guest.run("uname -r").stdoutOrThrow() + out);
        assertTrue(out.contains("@@netune sysctl-allowed modules"), out);
        assertTrue(out.contains("@@netune sysctl-allowed cc\n") && out.lines().anyMatch(l -> l.contains("cubic")), out);
        assertTrue(out.lines().anyMatch(l -> l.equals("sch_fq")), out);
        assertTrue(out.lines().anyMatch(l -> l.equals("tcp_bbr")), out);
        assertFalse(out.contains("no-modules"), out);
        assertTrue(out.lines().anyMatch(l -> l.equals("tcp_syncookies")), out);
        assertTrue(out.contains("tcp 0016"), "sshd listens on 22: " + out);
    }
}
