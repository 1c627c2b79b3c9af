package dev.netune.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netune.testhost.Cli;
import dev.netune.testhost.SshdContainer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rollback over real hosts: snapshots ordered by the host's clock, not by the ids a controller's
 * clock wrote, and the rollback of a change that can cut the session confirmed like its apply.
 */
class RollbackIT {
    @RegisterExtension
    static final SshdContainer HOST = new SshdContainer();

    @TempDir
    Path dir;

    private Path inventory(String profile) throws Exception {
        Files.writeString(dir.resolve("inventory.yaml"), """
                defaults: {user: root, identityFile: %s, knownHosts: %s}
                hosts:
                  host-1: {address: 127.0.0.1, port: %d, profiles: [%s]}
                """.formatted(HOST.identityFile(), HOST.knownHostsFile(), HOST.port(), profile));
        return dir.resolve("inventory.yaml");
    }

    @Test
    void snapshotsAreKeptAndChosenByTheHostsClockNotByTheirIds() throws Exception {
        // 20 snapshots (the most a host keeps) written long ago by a controller whose clock ran ~1000 years ahead
        HOST.sh("echo 4096 > /proc/sys/net/core/somaxconn; rm -rf /etc/sysctl.d/99-zz-netune.conf /var/lib/netune;"
                + " mkdir -p /var/lib/netune/snapshots; for i in $(seq 10 29); do"
                + " id=29990101T0000${i}Z-aaaa; f=/var/lib/netune/snapshots/$id.json;"
                + " printf '{\"id\":\"%s\",\"time\":\"2999-01-01T00:00:%sZ\",\"by\":\"skewed@ctl\",\"changes\":[]}\\n' $id $i > $f;"
                + " touch -d \"2020-01-01 00:00:$i\" $f; done");
        Files.writeString(dir.resolve("p.yaml"), "sysctl:\n  net.core.somaxconn: 8192\n");
        Path inv = inventory("p.yaml");
        Cli.Result apply = Cli.run("apply", "-i", inv.toString(), "--yes");
        assertEquals(0, apply.exit(), apply::toString);
        String kept = HOST.sh("ls /var/lib/netune/snapshots");
        assertEquals(20, kept.lines().count(), kept);
        assertTrue(kept.lines().anyMatch(l -> !l.startsWith("2999")), "the new snapshot is kept: " + kept);
        assertTrue(!kept.contains("29990101T000010Z"), "the oldest by the host's clock went: " + kept);

        Cli.Result history = Cli.run("history", "-i", inv.toString());
        assertTrue(history.out().lines().map(String::strip).filter(l -> l.matches("\\d{8}T.*")).findFirst().orElse("")
                        .contains("2 change(s): sysctl net.core.somaxconn"),
                "newest first by the host's clock: " + history);
        Cli.Result rollback = Cli.run("rollback", "-i", inv.toString(), "--yes");
        assertEquals(0, rollback.exit(), rollback::toString);
        assertEquals("4096", HOST.exec("cat", "/proc/sys/net/core/somaxconn").strip(), rollback::toString);
    }

    @Test
    void theRollbackOfAnMtuChangeOnTheSessionsNicIsConfirmed() throws Exception {
        String mtu = HOST.exec("cat", "/sys/class/net/eth0/mtu").strip();
        HOST.sh("rm -rf /var/lib/netune");
        Files.writeString(dir.resolve("mtu.yaml"), "nics:\n  - match: {name: eth0}\n    mtu: 1400\n");
        Path inv = inventory("mtu.yaml");
        try {
            Cli.Result apply = Cli.run("apply", "-i", inv.toString(), "--yes", "--confirm-timeout", "30");
            assertEquals(0, apply.exit(), apply::toString);
            assertTrue(apply.out().contains("confirmed over a new connection (automatic restore disarmed)"), apply::toString);
            assertEquals("1400", HOST.exec("cat", "/sys/class/net/eth0/mtu").strip());

            Cli.Result rollback = Cli.run("rollback", "-i", inv.toString(), "--yes", "--confirm-timeout", "30");
            assertEquals(0, rollback.exit(), rollback::toString);
            assertTrue(rollback.out().contains("confirmed over a new connection (automatic restore disarmed)"),
                    rollback::toString);
            assertEquals(mtu, HOST.exec("cat", "/sys/class/net/eth0/mtu").strip());
            String restore = HOST.sh("ls /var/lib/netune/restore");
            assertEquals(2, restore.lines().filter(l -> l.endsWith(".claimed")).count(),
                    "apply and rollback each armed a restore and confirmed it: " + restore);
        } finally {
            HOST.sh("pkill -f '[n]etune-restore' || true; ip link set dev eth0 mtu " + mtu);
        }
    }
}
