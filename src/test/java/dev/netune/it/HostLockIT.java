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
 * The host lock where systemd does not run (containers): the detached restore timer of a
 * confirmed apply must not keep the lock for its confirm window, and a host without flock is
 * refused rather than changed unlocked. Each test has its own container: they change it.
 */
class HostLockIT {
    @RegisterExtension
    static final SshdContainer HOST = new SshdContainer();
    /** SYS_ADMIN, to remount its /sys read-write for the RPS masks of its own veth. */
    @RegisterExtension
    static final SshdContainer NIC_HOST = new SshdContainer().withSysAdmin();

    /** The processes that have the lock file open, with their command lines. */
    private static final String LOCK_HOLDERS = "for p in /proc/[0-9]*; do ls -l $p/fd 2>/dev/null | grep -q /run/netune.lock"
            + " && echo \"${p#/proc/} $(tr '\\0' ' ' < $p/cmdline)\"; done; true";

    @TempDir
    Path dir;

    private Path inventory(SshdContainer c, String profile) throws Exception {
        return Files.writeString(dir.resolve("inventory.yaml"), """
                defaults: {user: root, identityFile: %s, knownHosts: %s}
                hosts:
                  host-1: {address: 127.0.0.1, port: %d, profiles: [%s]}
                """.formatted(c.identityFile(), c.knownHostsFile(), c.port(), dir.resolve(profile)));
    }

    @Test
    void withinTheConfirmWindowTheNextApplyIsNotLocked() throws Exception {
        HOST.sh("echo 4096 > /proc/sys/net/core/somaxconn; rm -rf /etc/sysctl.d/99-zz-netune.conf /var/lib/netune");
        Files.writeString(dir.resolve("a.yaml"), "sysctl:\n  net.core.somaxconn: 8192\n");
        Files.writeString(dir.resolve("b.yaml"), "sysctl:\n  net.core.somaxconn: 1024\n");
        try {
            Cli.Result first = Cli.run("apply", "-i", inventory(HOST, "a.yaml").toString(), "--yes", "--confirm",
                    "--confirm-timeout", "90");
            assertEquals(0, first.exit(), first::toString);
            assertTrue(first.out().contains("confirmed over a new connection (automatic restore disarmed)"), first::toString);
            assertTrue(HOST.sh("pgrep -f 'sleep 90' || true").strip().matches("\\d+(\\s+\\d+)*"),
                    "the detached restore timer is still waiting: " + HOST.sh("ps -ef"));

            Cli.Result second = Cli.run("apply", "-i", inventory(HOST, "b.yaml").toString(), "--yes");
            assertEquals(0, second.exit(), second::toString);
            assertFalse(second.out().contains("locked"), second::toString);
            assertEquals("1024", HOST.exec("cat", "/proc/sys/net/core/somaxconn").strip());
            assertEquals("", HOST.sh(LOCK_HOLDERS).strip(), "nothing keeps the lock once the applies ended");
        } finally {
            HOST.sh("pkill -f '[n]etune-restore' || true");
        }
    }

    @Test
    void aHostWithoutFlockIsRefusedNotChangedUnlocked() throws Exception {
        HOST.sh("echo 4096 > /proc/sys/net/core/somaxconn; rm -rf /etc/sysctl.d/99-zz-netune.conf /var/lib/netune");
        Files.writeString(dir.resolve("a.yaml"), "sysctl:\n  net.core.somaxconn: 8192\n");
        HOST.sh("mv /usr/bin/flock /usr/bin/flock.hidden");
        try {
            Cli.Result apply = Cli.run("apply", "-i", inventory(HOST, "a.yaml").toString(), "--yes");
            assertEquals(1, apply.exit(), apply::toString);
            assertTrue(apply.out().contains("flock is missing on host-1 (util-linux); netune refuses to apply unlocked;"
                    + " nothing changed"), apply::toString);
            assertEquals("4096", HOST.exec("cat", "/proc/sys/net/core/somaxconn").strip());
            assertEquals("absent", HOST.sh("[ -e /etc/sysctl.d/99-zz-netune.conf ] && echo present || echo absent").strip());
        } finally {
            HOST.sh("mv /usr/bin/flock.hidden /usr/bin/flock");
        }
        Cli.Result again = Cli.run("apply", "-i", inventory(HOST, "a.yaml").toString(), "--yes");
        assertEquals(0, again.exit(), again::toString);
        assertEquals("8192", HOST.exec("cat", "/proc/sys/net/core/somaxconn").strip());
    }

    @Test
    void aConfirmedChannelChangeIsFollowedByItsSecondRound() throws Exception {
        NIC_HOST.sh("mount -o remount,rw /sys && ip link del v0 2>/dev/null; rm -rf /var/lib/netune;"
                + " ip link add v0 numtxqueues 4 numrxqueues 4 type veth peer name v1 numtxqueues 4 numrxqueues 4"
                + " && ip link set v0 up && ip link set v1 up");
        Files.writeString(dir.resolve("mq.yaml"), """
                nics:
                  - match: {name: v0}
                    channels: {rx: 2, tx: 2}
                    rps: {cpus: "0"}
                """);
        Path inv = inventory(NIC_HOST, "mq.yaml");
        try {
            Cli.Result plan = Cli.run("plan", "-i", inv.toString());
            assertTrue(plan.out().contains("once the channel change has recreated the queues"), plan::toString);
            Cli.Result apply = Cli.run("apply", "-i", inv.toString(), "--yes", "--confirm", "--confirm-timeout", "90");
            assertEquals(0, apply.exit(), apply::toString);
            assertFalse(apply.out().contains("locked"), apply::toString);
            assertEquals("RX:\t\t2\nTX:\t\t2", NIC_HOST.sh("ethtool -l v0 | sed -n '/Current/,$p' | grep -E '^(RX|TX):'")
                    .strip());
            for (int q = 0; q < 2; q++) {
                assertEquals("1", NIC_HOST.exec("cat", "/sys/class/net/v0/queues/rx-" + q + "/rps_cpus").strip(),
                        "rx-" + q + " steered in the second round");
            }
        } finally {
            NIC_HOST.sh("pkill -f '[n]etune-restore' || true; ip link del v0 2>/dev/null || true");
        }
    }
}
