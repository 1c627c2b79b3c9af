package dev.netune.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netune.testhost.Cli;
import dev.netune.testhost.KernelHostExtension;
import dev.netune.testhost.QemuGuest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * NIC settings come back by themselves after the events that lose them, on the guest's e1000e
 * (which, like igb, ixgbe, i40e and ice, requests its queue IRQs only when the NIC is set up):
 * link down/up, a driver unbind/bind, a reboot with the link brought up by systemd-networkd, and a
 * NIC hot-added through QEMU. What cannot be restored is in the journal and in drift.
 */
@Tag("kernel")
@ExtendWith(KernelHostExtension.class)
class NicPersistenceIT {
    private static final String PROFILE = """
            nics:
              - match: {driver: e1000e}
                ring: {rx: 1024, tx: 1024}
                coalesce: {rx-usecs: 50}
                irqAffinity: {cpus: "1"}
            """;
    private static final Duration EVENT_WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    QemuGuest guest;

    @BeforeEach
    void clean(QemuGuest guest) {
        this.guest = guest;
        reset();
        guest.run("systemctl disable --now irqbalance").stdoutOrThrow();
    }

    @AfterEach
    void restore() {
        reset();
        guest.run("echo 1 > /sys/devices/system/cpu/cpu1/online; systemctl enable --now irqbalance").stdoutOrThrow();
    }

    private void reset() {
        guest.run(NicHooks.REMOVE + ";"
                + " ethtool -G eth0 rx 256 tx 256; ethtool -C eth0 rx-usecs 3; true").stdoutOrThrow();
    }

    private Path inventory() throws Exception {
        Files.writeString(dir.resolve("events.yaml"), PROFILE);
        return GuestInventory.write(dir, guest, "events.yaml", true);
    }

    /** "RX 1024 TX 1024 rx-usecs 50 irq 1 1": eth0's ring, coalescing and its queue IRQs' affinity. */
    private String state(String nic) {
        return guest.run("set -e; g=$(ethtool -g " + nic + " | sed -n '/Current/,$p');"
                + " printf 'RX %s TX %s ' $(printf '%s\\n' \"$g\" | awk '/^RX:/{print $2}') $(printf '%s\\n' \"$g\" | awk '/^TX:/{print $2}');"
                + " ethtool -c " + nic + " | awk '/^rx-usecs:/{printf \"rx-usecs %s \", $2}';"
                + " printf irq; for d in /proc/irq/*/" + nic + "-rx-0 /proc/irq/*/" + nic + "-tx-0; do"
                + " [ -d \"$d\" ] && printf ' %s' $(cat ${d%/*}/smp_affinity_list); done; echo").stdoutOrThrow().strip();
    }

    private static final String WANTED = "RX 1024 TX 1024 rx-usecs 50 irq 1 1";

    /** Waits (bounded) until {@code read} returns {@code want}; returns the last value read. */
    private static String await(Supplier<String> read, String want) {
        Instant deadline = Instant.now().plus(EVENT_WAIT);
        String last = read.get();
        while (!last.equals(want) && Instant.now().isBefore(deadline)) {
            sleep();
            last = read.get();
        }
        return last;
    }

    private static void sleep() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String record(String nic) {
        return guest.run("cat /var/lib/netune/nic-restore/" + nic + " 2>/dev/null | grep -E '^(restored|event)='"
                + " | tr '\\n' ' '").stdout().strip();
    }

    @Test
    void affinityRingAndCoalesceComeBackAfterLinkUpDriverRebindAndRebootAndRollbackRemovesTheHooks() throws Exception {
        Path inv = inventory();
        Cli.Result apply = Cli.run("apply", "-i", inv.toString(), "--yes");
        assertEquals(0, apply.exit(), apply::toString);
        assertEquals(WANTED, state("eth0"));
        assertEquals("active", guest.run("systemctl is-active netune-nic-link.service").stdout().strip());

        // e1000e keeps its MSI-X vectors (and their affinity) across down/up; the record shows the watcher ran
        guest.run("rm /var/lib/netune/nic-restore/eth0; ip link set eth0 down; ip link set eth0 up").stdoutOrThrow();
        assertEquals(WANTED, await(() -> state("eth0"), WANTED), "after link down/up");
        assertEquals("restored=yes event=link-up", await(() -> record("eth0"), "restored=yes event=link-up"));

        // the fault, with netune's hooks idle: a rebound driver starts from its defaults
        String pci = guest.run("basename $(readlink /sys/class/net/eth0/device)").stdoutOrThrow().strip();
        String rebind = "echo " + pci + " > /sys/bus/pci/drivers/e1000e/unbind; sleep 1;"
                + " echo " + pci + " > /sys/bus/pci/drivers/e1000e/bind";
        guest.run("systemctl stop netune-nic-link.service; mv /etc/netune/nic-settings.sh /etc/netune/off; " + rebind
                + "; for i in $(seq 30); do grep -q 'eth0-rx-0' /proc/interrupts && break; sleep 1; done; sleep 2")
                .stdoutOrThrow();
        assertEquals("RX 256 TX 256 rx-usecs 3 irq 0-1 0-1", state("eth0"), "without netune's hooks all is lost");
        // a watcher that starts finds the NIC up and restores it
        guest.run("mv /etc/netune/off /etc/netune/nic-settings.sh; systemctl start netune-nic-link.service").stdoutOrThrow();
        assertEquals(WANTED, await(() -> state("eth0"), WANTED), "the watcher restores a NIC set up while it was stopped");

        guest.run(rebind).stdoutOrThrow();
        assertEquals(WANTED, await(() -> state("eth0"), WANTED), "after the driver was unbound and bound again");
        assertEquals(0, Cli.run("drift", "-i", inv.toString()).exit());

        guest.reboot();
        assertEquals(WANTED, await(() -> state("eth0"), WANTED), "after a reboot, the link set up by systemd-networkd");
        assertTrue(record("eth0").startsWith("restored=yes"), record("eth0"));
        String journal = guest.run("journalctl -b -t netune --no-pager -o cat").stdout();
        assertTrue(journal.contains("eth0: restored at"), journal);
        Cli.Result drift = Cli.run("drift", "-i", inv.toString());
        assertEquals(0, drift.exit(), drift::toString);

        Cli.Result back = Cli.run("rollback", "-i", inv.toString(), "--yes");
        assertEquals(0, back.exit(), back::toString);
        assertEquals("", guest.run("ls -d /etc/netune/nic-settings.sh /etc/netune/lib /etc/systemd/system/netune-nic.service"
                + " /etc/systemd/system/netune-nic@.service /etc/systemd/system/netune-nic-link.service"
                + " /etc/udev/rules.d/90-netune-nic.rules 2>/dev/null").stdout().strip());
        assertEquals("inactive", guest.run("systemctl is-active netune-nic-link.service").stdout().strip());
    }

    /**
     * Earlier versions wrote the library into the script itself: such a host gets the library file
     * and the short script on one apply, and the next plan is clean. (Not in the test that rolls
     * back: a rollback undoes the last apply, which would be this one.)
     */
    private void convergesFromTheSingleFileLayout(Path inv) {
        guest.run("set -e; cd /etc/netune; { head -n 3 nic-settings.sh; tail -n +4 lib/nic-restore.sh;"
                + " sed -n '/^netune_settings() {/,$p' nic-settings.sh; } > old; mv old nic-settings.sh; rm -r lib").stdoutOrThrow();
        Cli.Result plan = Cli.run("plan", "-i", inv.toString());
        assertTrue(plan.out().contains("+ nic-boot-library /etc/netune/lib/nic-restore.sh: absent -> sha256")
                && plan.out().contains("~ nic-boot-script /etc/netune/nic-settings.sh"), plan::toString);
        Cli.Result upgrade = Cli.run("apply", "-i", inv.toString(), "--yes");
        assertEquals(0, upgrade.exit(), upgrade::toString);
        Cli.Result clean = Cli.run("plan", "-i", inv.toString(), "--detailed-exitcode");
        assertEquals(0, clean.exit(), "one apply converges: " + clean);
    }

    @Test
    void anAffinityThatCannotBeRestoredIsInTheJournalAndInDrift() throws Exception {
        Path inv = inventory();
        Cli.Result apply = Cli.run("apply", "-i", inv.toString(), "--yes");
        assertEquals(0, apply.exit(), apply::toString);

        guest.run("echo 0 > /sys/devices/system/cpu/cpu1/online; ip link set eth0 down; ip link set eth0 up").stdoutOrThrow();
        String failed = await(() -> record("eth0"), "restored=no event=link-up");
        assertEquals("restored=no event=link-up", failed);
        String journal = guest.run("journalctl -t netune --no-pager -o cat").stdout();
        String why = "irq eth0-rx-0 -> 1: write refused: Invalid argument; irq eth0-tx-0 -> 1: write refused: Invalid argument";
        assertTrue(journal.contains("eth0: not restored at link-up: " + why), journal);

        Cli.Result drift = Cli.run("drift", "-i", inv.toString());
        assertTrue(drift.out().contains("~ nic-restore eth0: restored at link-up: no (" + why + ") -> restored: yes"),
                drift::toString);
        assertEquals(1, drift.exit(), "CPU 1 is offline, so the profile cannot be planned either: " + drift);

        guest.run("echo 1 > /sys/devices/system/cpu/cpu1/online").stdoutOrThrow();
        Cli.Result fixed = Cli.run("apply", "-i", inv.toString(), "--yes");
        assertEquals(0, fixed.exit(), "apply runs the restore again: " + fixed);
        assertTrue(record("eth0").startsWith("restored=yes event=netune apply"), record("eth0"));
        assertEquals(0, Cli.run("drift", "-i", inv.toString()).exit());
        convergesFromTheSingleFileLayout(inv);
    }

    @Test
    void aHotAddedNicGetsItsRulesSettingsAndItsAffinityWhenSetUp() throws Exception {
        Path inv = inventory();
        Cli.Result apply = Cli.run("apply", "-i", inv.toString(), "--yes");
        assertEquals(0, apply.exit(), apply::toString);

        List<String> replies = guest.qmp(Duration.ofSeconds(30),
                "{\"execute\":\"netdev_add\",\"arguments\":{\"type\":\"user\",\"id\":\"hp0\",\"net\":\"10.0.7.0/24\"}}",
                "{\"execute\":\"device_add\",\"arguments\":{\"driver\":\"e1000e\",\"netdev\":\"hp0\",\"id\":\"hpnic\","
                        + "\"mac\":\"52:54:00:12:34:07\",\"bus\":\"" + QemuGuest.SPARE_PORT + "\"}}");
        assertTrue(replies.stream().allMatch(r -> r.contains("\"return\"")), replies.toString());
        try {
            String nic = "";
            for (Instant end = Instant.now().plus(EVENT_WAIT); nic.isEmpty() && Instant.now().isBefore(end); sleep()) {
                nic = guest.run("grep -l 52:54:00:12:34:07 /sys/class/net/*/address 2>/dev/null | cut -d/ -f5")
                        .stdout().strip();
            }
            assertTrue(!nic.isEmpty(), "the hot-added NIC appeared");
            String hot = nic;
            assertEquals("RX 1024 TX 1024 rx-usecs 50 irq", await(() -> state(hot), "RX 1024 TX 1024 rx-usecs 50 irq"),
                    "ring and coalescing on add; no queue IRQs while it is down");
            guest.run("ip link set " + nic + " up").stdoutOrThrow();
            assertEquals("RX 1024 TX 1024 rx-usecs 50 irq 1 1", await(() -> state(hot), "RX 1024 TX 1024 rx-usecs 50 irq 1 1"),
                    "affinity once set up");
            assertTrue(record(nic).startsWith("restored=yes"), record(nic));
        } finally {
            guest.qmp(Duration.ofSeconds(30), "{\"execute\":\"device_del\",\"arguments\":{\"id\":\"hpnic\"}}");
            guest.run("for i in $(seq 30); do grep -q 52:54:00:12:34:07 /sys/class/net/*/address || break; sleep 1; done");
            guest.qmp(Duration.ofSeconds(30), "{\"execute\":\"netdev_del\",\"arguments\":{\"id\":\"hp0\"}}");
        }
    }
}
