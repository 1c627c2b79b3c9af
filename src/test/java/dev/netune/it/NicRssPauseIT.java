package dev.netune.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netune.testhost.Cli;
import dev.netune.testhost.KernelHostExtension;
import dev.netune.testhost.QemuGuest;
import java.nio.file.Files;
import java.time.Duration;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * RSS on the guest's 4-queue virtio_net eth1 (QEMU's rss=on gives it a 128-entry indirection
 * table; 2 combined channels are in use) and flow control on its e1000e eth0: planned, applied,
 * read back with ethtool, restored after a reboot, rolled back to the values read before.
 */
@Tag("kernel")
@ExtendWith(KernelHostExtension.class)
class NicRssPauseIT {
    /** QEMU's link of the e1000e's netdev (and so of the NIC: a "cable" the guest sees come and go). */
    private static final String SET_LINK = "{\"execute\":\"set_link\",\"arguments\":{\"name\":\"e1k\",\"up\":%s}}";

    @TempDir
    Path dir;
    QemuGuest guest;

    @BeforeEach
    void defaults(QemuGuest guest) {
        this.guest = guest;
        reset();
    }

    @AfterEach
    void restore() {
        reset();
    }

    private void reset() {
        guest.run(NicHooks.REMOVE + "; ethtool -L eth1 combined 2; ethtool -X eth1 default; true").stdoutOrThrow();
    }

    /** The table's entries, one line (rows "  16:   0 1 ...", not the key, which may start "75:f7:..."). */
    private String table(String nic) {
        return guest.run("ethtool -x " + nic + " | sed -n '/^ *[0-9][0-9]*: /{s/^ *[0-9]*://;p;}' | tr -s ' \\n' ' '")
                .stdoutOrThrow().strip();
    }

    private String pause(String nic) {
        return guest.run("ethtool -a " + nic + " 2>&1").stdout().strip();
    }

    private static String entries(int size, java.util.function.IntUnaryOperator queue) {
        return IntStream.range(0, size).map(queue).mapToObj(Integer::toString).collect(Collectors.joining(" "));
    }

    @Test
    void rssAndPauseArePlannedAppliedPersistedAndRolledBack() throws Exception {
        // the real outputs, for the capture-based parser tests (captures/qemu-guest)
        Path captures = Files.createDirectories(Path.of("target", "rss-captures"));
        for (String c : List.of("-x eth1", "-x eth0", "-a eth0", "-a eth1", "-x mgmt0")) {
            Files.writeString(captures.resolve("ethtool" + c.replace(" ", "_") + ".txt"),
                    guest.run("ethtool " + c + " 2>&1; echo \"rc=$?\"").stdout());
        }
        String defaultTable = entries(128, i -> i % 2);
        assertEquals(defaultTable, table("eth1"), "QEMU's rss=on: a 128-entry table over the 2 queues in use");
        String pauseBefore = pause("eth0");
        boolean pauseSupported = !pauseBefore.contains("Operation not supported");

        Files.writeString(dir.resolve("bad.yaml"), """
                nics:
                  - match: {name: eth1}
                    rss: {equal: 3, hfunc: crc16}
                """);
        Cli.Result bad = Cli.run("plan", "-i", GuestInventory.write(dir, guest, "bad.yaml", false).toString());
        assertEquals(1, bad.exit(), bad::toString);
        assertTrue(bad.out().contains("! nic.rss eth1 table: rss equal 3 of eth1 (virtio_net) needs 3 rx queues; it has 2"
                + " after this plan"), bad::toString);
        assertTrue(bad.out().contains("! nic.rss eth1 hfunc: ethtool -x of eth1 (virtio_net) lists no RSS hash function crc16; it lists: toeplitz, xor, crc32"),
                bad::toString);

        Files.writeString(dir.resolve("rss.yaml"), """
                nics:
                  - match: {name: eth1}
                    rss: {weights: [3, 1], hfunc: toeplitz}
                  - match: {name: eth0}
                    pause: {autoneg: off, rx: off, tx: off}
                """);
        Path inv = GuestInventory.write(dir, guest, "rss.yaml", true);
        Cli.Result plan = Cli.run("plan", "-i", inv.toString());
        String out = plan.out();
        assertTrue(out.contains("~ nic.rss eth1 table: default (equal 2) -> weight 3 1"), out);
        assertTrue(!out.contains("~ nic.rss eth1 hfunc"), "toeplitz is already on: " + out);
        if (!pauseSupported) {
            String why = pauseBefore.lines().filter(l -> l.contains("Operation not supported")).findFirst().orElseThrow();
            assertTrue(out.contains("! nic.pause eth0 autoneg: eth0 (e1000e) cannot change flow control (pause): "
                    + why.strip()), out);
            return;
        }
        assertEquals(0, plan.exit(), plan::toString);
        assertTrue(out.contains("~ nic.pause eth0 rx: on -> off"), out);

        Cli.Result apply = Cli.run("apply", "-i", inv.toString(), "--yes");
        assertEquals(0, apply.exit(), apply::toString);
        String weighted = entries(128, i -> i < 96 ? 0 : 1);
        assertEquals(weighted, table("eth1"));
        assertTrue(pause("eth0").matches("(?s).*Autonegotiate:\\s+off\\s+RX:\\s+off\\s+TX:\\s+off.*"), pause("eth0"));
        Cli.Result again = Cli.run("plan", "-i", inv.toString(), "--detailed-exitcode");
        assertEquals(0, again.exit(), "second plan is empty: " + again);

        guest.reboot();
        assertEquals(weighted, table("eth1"), "restored at boot");
        assertTrue(pause("eth0").matches("(?s).*RX:\\s+off\\s+TX:\\s+off.*"), pause("eth0"));
        Cli.Result drift = Cli.run("drift", "-i", inv.toString());
        assertEquals(0, drift.exit(), drift::toString);

        // e1000e resolves flow control again when the carrier comes up (config_fc_after_link_up, from
        // the PHY's advertisement), as at boot when the carrier follows the link-up restore: the cable
        // is "pulled" in QEMU (set_link), the link set up again, the cable back 3 s later. The restore
        // writes forced pause once the carrier is up, so it survives.
        guest.qmp(Duration.ofSeconds(30), SET_LINK.formatted(false));
        String waiting;
        try {
            waiting = guest.run("restored() { journalctl -t netune --no-pager -o cat | grep -c 'eth0: restored at link-up'; };"
                    + " restored > /run/netune-it-restored; ip link set eth0 down; ip link set eth0 up; sleep 3;"
                    + " echo \"carrier $(cat /sys/class/net/eth0/carrier)\"").stdoutOrThrow();
        } finally {
            guest.qmp(Duration.ofSeconds(30), SET_LINK.formatted(true));
        }
        assertTrue(waiting.contains("carrier 0"), waiting);
        String flap = guest.run("restored() { journalctl -t netune --no-pager -o cat | grep -c 'eth0: restored at link-up'; };"
                + " n=$(cat /run/netune-it-restored); i=0;"
                + " up() { [ \"$(restored)\" -gt \"$n\" ] && [ \"$(cat /sys/class/net/eth0/carrier)\" = 1 ]; };"
                + " while [ $i -lt 60 ] && ! up; do i=$((i + 1)); sleep 0.5; done; sleep 2;"
                + " echo \"carrier $(cat /sys/class/net/eth0/carrier)\"; ethtool -a eth0; journalctl -t netune -n 3 --no-pager -o cat")
                .stdoutOrThrow();
        assertTrue(flap.contains("carrier 1"), flap);
        assertTrue(flap.matches("(?s).*RX:\\s+off\\s+TX:\\s+off.*"), "pause after the link came up again: " + flap);
        assertTrue(flap.contains("eth0: restored at link-up"), flap);

        Cli.Result back = Cli.run("rollback", "-i", inv.toString(), "--yes");
        assertEquals(0, back.exit(), back::toString);
        assertEquals(defaultTable, table("eth1"), "ethtool -X eth1 default");
        assertEquals(pauseBefore, pause("eth0"));
    }

    @Test
    void aRollbackThatLowersChannelsResetsTheTableFirst() throws Exception {
        // the kernel refuses fewer rx channels than a user-set table names (ethtool_set_channels):
        // undoing "4 channels and a table over 4 queues" must reset the table, then lower channels
        Files.writeString(dir.resolve("four.yaml"), """
                nics:
                  - match: {name: eth1}
                    channels: {combined: 4}
                    rss: {weights: [1, 1, 1, 1]}
                """);
        Path inv = GuestInventory.write(dir, guest, "four.yaml", false);
        Cli.Result apply = Cli.run("apply", "-i", inv.toString(), "--yes");
        assertEquals(0, apply.exit(), apply::toString);
        assertEquals(entries(128, i -> i / 32), table("eth1"), "ethtool fills weights in blocks");
        assertTrue(guest.run("ethtool -l eth1").stdoutOrThrow().matches("(?s).*Current hardware settings:.*Combined:\\s+4.*"));

        Cli.Result back = Cli.run("rollback", "-i", inv.toString(), "--yes");
        assertEquals(0, back.exit(), back::toString);
        assertTrue(guest.run("ethtool -l eth1").stdoutOrThrow().matches("(?s).*Current hardware settings:.*Combined:\\s+2.*"),
                back::toString);
        assertEquals(entries(128, i -> i % 2), table("eth1"), "the driver's default table over 2 queues");
    }
}
