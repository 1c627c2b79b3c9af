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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * txqueuelen, NAPI deferral/threading and the root qdisc on both guest NICs (eth0 e1000e with one
 * queue, eth1 virtio-net with four): planned against the guest's 6.1 kernel, applied, read back
 * with ip, tc and sysfs, persisted across a reboot, and rolled back to the kernel's own qdiscs.
 */
@Tag("kernel")
@ExtendWith(KernelHostExtension.class)
class NicKnobsIT {
    private static final String PROFILE = """
            nics:
              - match: {name: eth0}
                txqueuelen: 10000
                napi: {deferHardIrqs: 2, groFlushTimeout: 200000, threaded: true}
                qdisc: {root: fq}
              - match: {name: eth1}
                txqueuelen: 5000
                napi: {deferHardIrqs: 1, groFlushTimeout: 100000}
                qdisc: {root: mq, child: fq}
            """;
    /**
     * What the guest has after a boot: its kernel's qdiscs (default_qdisc fq_codel), NAPI off, eth1 with
     * 2 of its 4 queue pairs in use (one per CPU), so tc lists 2 of mq's 4 children.
     */
    private static final String BEFORE = """
            eth0 qlen 1000 napi 0 0 0 root fq_codel 0: children
            eth1 qlen 1000 napi 0 0 0 root mq 0: children fq_codel fq_codel""";
    private static final String WANTED = """
            eth0 qlen 10000 napi 2 200000 1 root fq 8001: children
            eth1 qlen 5000 napi 1 100000 0 root mq 1: children fq fq""";

    @TempDir
    Path dir;
    QemuGuest guest;

    @BeforeEach
    void clean(QemuGuest guest) {
        this.guest = guest;
        reset();
    }

    @AfterEach
    void restore() {
        reset();
    }

    private void reset() {
        // the queue count a boot gives (other classes change it on the shared guest)
        StringBuilder sb = new StringBuilder(NicHooks.REMOVE + "; ethtool -L eth1 combined 2;");
        for (String nic : new String[] {"eth0", "eth1"}) {
            sb.append(" ip link set dev ").append(nic).append(" txqueuelen 1000; tc qdisc del dev ").append(nic)
                    .append(" root 2>/dev/null; for f in napi_defer_hard_irqs gro_flush_timeout threaded; do echo 0 >")
                    .append(" /sys/class/net/").append(nic).append("/$f; done;");
        }
        guest.run(sb + " true").stdoutOrThrow();
    }

    /** Per NIC, as the system tools print it: ip's qlen, the three sysfs files, tc's root (kind, handle) and children. */
    private String state() {
        return guest.run("for n in eth0 eth1; do printf '%s qlen %s napi %s %s %s root %s children%s\\n' \"$n\""
                + " \"$(ip -d link show dev $n | sed -n 's/.* qlen \\([0-9]*\\).*/\\1/p')\""
                + " $(cat /sys/class/net/$n/napi_defer_hard_irqs /sys/class/net/$n/gro_flush_timeout /sys/class/net/$n/threaded)"
                + " \"$(tc qdisc show dev $n root | awk 'NR == 1 {print $2, $3}')\""
                + " \"$(tc qdisc show dev $n | awk '$4 == \"parent\" && $5 !~ /^ffff/ {printf \" %s\", $2}')\"; done")
                .stdoutOrThrow().strip();
    }

    /** fq's handle is the kernel's pick (8001: on a fresh boot): compare without it. */
    private static String anyHandle(String state) {
        return state.replaceAll("root fq [0-9a-f]+:", "root fq 8001:");
    }

    private String awaitState(String want) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        String last = state();
        while (!anyHandle(last).equals(want) && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            last = state();
        }
        return last;
    }

    @Test
    void knobsArePlannedAppliedReadBackPersistedAcrossARebootAndRolledBack() throws Exception {
        assertEquals(BEFORE, state());
        Files.writeString(dir.resolve("knobs.yaml"), PROFILE);
        Path inv = GuestInventory.write(dir, guest, "knobs.yaml", true);

        Cli.Result plan = Cli.run("plan", "-i", inv.toString());
        assertEquals(0, plan.exit(), plan::toString);
        String out = plan.out();
        for (String line : new String[] {"~ nic.txqueuelen eth0: 1000 -> 10000", "~ nic.txqueuelen eth1: 1000 -> 5000",
                "~ nic.napi eth0 deferHardIrqs: 0 -> 2", "~ nic.napi eth0 groFlushTimeout: 0 -> 200000",
                "~ nic.napi eth0 threaded: 0 -> 1", "~ nic.napi eth1 deferHardIrqs: 0 -> 1",
                "~ nic.qdisc eth0: fq_codel -> fq", "~ nic.qdisc eth1: mq (fq_codel) -> mq (fq)"}) {
            assertTrue(out.contains(line), line + " in " + out);
        }

        Cli.Result apply = Cli.run("apply", "-i", inv.toString(), "--yes");
        assertEquals(0, apply.exit(), apply::toString);
        String applied = state();
        assertEquals(WANTED, anyHandle(applied), applied);

        Cli.Result again = Cli.run("plan", "-i", inv.toString(), "--detailed-exitcode");
        assertEquals(0, again.exit(), "second plan is empty: " + again);

        guest.reboot();
        String booted = awaitState(WANTED);
        assertEquals(WANTED, anyHandle(booted), "restored at boot: " + booted);
        Cli.Result drift = Cli.run("drift", "-i", inv.toString());
        assertEquals(0, drift.exit(), drift::toString);

        Cli.Result back = Cli.run("rollback", "-i", inv.toString(), "--yes");
        assertEquals(0, back.exit(), back::toString);
        assertEquals(BEFORE, state(), "the kernel's own qdiscs (tc qdisc del), the before values: " + back);
    }
}
