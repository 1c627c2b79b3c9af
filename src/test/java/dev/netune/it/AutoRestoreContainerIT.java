package dev.netune.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netune.testhost.Cli;
import dev.netune.testhost.SshdContainer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The confirmed apply where systemd does not run (containers): the restore timer is a detached
 * sleep, and the confirmation must disarm it, as root and through sudo. The restore firing on a
 * real kernel with systemd is ConfirmedApplyIT's.
 */
class AutoRestoreContainerIT {
    @RegisterExtension
    static final SshdContainer ROOT = new SshdContainer();
    @RegisterExtension
    static final SshdContainer SUDO = new SshdContainer();

    @TempDir
    Path dir;

    @Test
    void aConfirmedApplyDisarmsTheDetachedRestore() throws Exception {
        for (SshdContainer c : new SshdContainer[] {ROOT, SUDO}) {
            c.sh("echo 4096 > /proc/sys/net/core/somaxconn; rm -rf /etc/sysctl.d/99-zz-netune.conf /var/lib/netune");
        }
        Files.writeString(dir.resolve("p.yaml"), "sysctl:\n  net.core.somaxconn: 8192\n");
        Path inv = Files.writeString(dir.resolve("inventory.yaml"), """
                defaults: {user: root, identityFile: %s, knownHosts: %s}
                hosts:
                  root-1: {address: 127.0.0.1, port: %d, profiles: [p.yaml]}
                  sudo-1: {address: 127.0.0.1, port: %d, user: tuner, become: true, knownHosts: %s, profiles: [p.yaml]}
                """.formatted(ROOT.identityFile(), ROOT.knownHostsFile(), ROOT.port(), SUDO.port(),
                SUDO.knownHostsFile()));

        Cli.Result apply = Cli.run("apply", "-i", inv.toString(), "--yes", "--confirm", "--confirm-timeout", "10");
        assertEquals(0, apply.exit(), apply::toString);
        assertEquals(2, apply.out().lines().filter(l -> l.contains(
                "2 change(s) applied and verified; confirmed over a new connection (automatic restore disarmed)")).count(),
                apply::toString);

        for (SshdContainer c : new SshdContainer[] {ROOT, SUDO}) {
            assertTrue(c.sh("pgrep -f 'sleep 10' || true").strip().matches("\\d+(\\s+\\d+)*"),
                    "the detached restore timer is armed: " + c.sh("ps -ef"));
        }
        Thread.sleep(13_000); // past the hosts' deadline
        for (SshdContainer c : new SshdContainer[] {ROOT, SUDO}) {
            assertEquals("8192", c.exec("cat", "/proc/sys/net/core/somaxconn").strip(), "not restored");
            String files = c.sh("ls /var/lib/netune/restore");
            assertTrue(files.lines().anyMatch(l -> l.endsWith(".claimed")), "the confirmation holds the claim: " + files);
            assertFalse(files.contains(".sh") || files.contains(".log"), "script removed, restore never ran: " + files);
        }
    }
}
