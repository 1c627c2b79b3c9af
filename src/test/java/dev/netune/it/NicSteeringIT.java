package dev.netune.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

/** IRQ affinity, RPS and XPS on the guest's multiqueue virtio_net NIC (eth1, 2 vCPUs). */
@Tag("kernel")
@ExtendWith(KernelHostExtension.class)
class NicSteeringIT {
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
        guest.run("systemctl enable --now irqbalance").stdoutOrThrow();
    }

    private void reset() {
        guest.run(NicHooks.REMOVE + "; ethtool -L eth1 combined 2;"
                + " for q in /sys/class/net/eth1/queues/rx-*; do echo 0 > $q/rps_cpus; echo 0 > $q/rps_flow_cnt; done;"
                + " for q in /sys/class/net/eth1/queues/tx-*; do echo 3 > $q/xps_cpus; done;"
                + " echo 0 > /proc/sys/net/core/rps_sock_flow_entries;"
                + " for d in /proc/irq/*/virtio0-input.* /proc/irq/*/virtio0-output.*; do echo 0-1 > ${d%/*}/smp_affinity_list; done; true")
                .stdoutOrThrow();
    }

    private String irqAffinity(String name) {
        return guest.run("d=$(ls -d /proc/irq/*/" + name + "); cat ${d%/*}/smp_affinity_list").stdoutOrThrow().strip();
    }

    private String read(String path) {
        return guest.run("cat " + path).stdoutOrThrow().strip();
    }

    @Test
    void irqAffinityRpsAndXpsArePlannedAppliedAndVerified() throws Exception {
        guest.run("systemctl disable --now irqbalance").stdoutOrThrow();
        Files.writeString(dir.resolve("steer.yaml"), """
                nics:
                  - match: {name: eth1}
                    irqAffinity: {cpus: "1"}
                    rps: {cpus: "0-1", flowEntries: 32768}
                    xps: {policy: per-queue}
                """);
        Path inv = GuestInventory.write(dir, guest, "steer.yaml", true);
        Cli.Result plan = Cli.run("plan", "-i", inv.toString());
        assertEquals(0, plan.exit(), plan::toString);
        String out = plan.out();
        // two active queue pairs, all pinned to CPU 1 (virtio's own default would put queue 0 on CPU 0)
        assertTrue(out.matches("(?s).*~ nic\\.irqAffinity eth1 irq \\d+ virtio0-input\\.0: 0-1 -> 1  \\(queue 0\\).*"), out);
        assertTrue(out.matches("(?s).*~ nic\\.irqAffinity eth1 irq \\d+ virtio0-output\\.1: 0-1 -> 1  \\(queue 1\\).*"), out);
        assertTrue(!out.contains("virtio0-input.2"), "only the 2 active queues: " + out);
        assertTrue(out.contains("~ nic.rps eth1 rx-0 rps_cpus: none -> 0-1"), out);
        assertTrue(out.contains("~ nic.rps eth1 rx-1 rps_flow_cnt: 0 -> 16384"), out);
        assertTrue(out.contains("~ nic.rps net.core.rps_sock_flow_entries: 0 -> 32768"), out);
        assertTrue(out.contains("~ nic.xps eth1 tx-0 xps_cpus: 0-1 -> 1  (the CPU of queue 0's IRQ)"), out);

        Cli.Result apply = Cli.run("apply", "-i", inv.toString(), "--yes");
        assertEquals(0, apply.exit(), apply::toString);
        assertEquals("1", irqAffinity("virtio0-input.0"));
        assertEquals("1", irqAffinity("virtio0-input.1"));
        assertEquals("1", irqAffinity("virtio0-output.1"));
        assertEquals("3", read("/sys/class/net/eth1/queues/rx-0/rps_cpus"));
        assertEquals("16384", read("/sys/class/net/eth1/queues/rx-1/rps_flow_cnt"));
        assertEquals("32768", read("/proc/sys/net/core/rps_sock_flow_entries"));
        assertEquals("2", read("/sys/class/net/eth1/queues/tx-0/xps_cpus"), "tx-0 follows queue 0's IRQ on CPU 1");

        Cli.Result again = Cli.run("plan", "-i", inv.toString(), "--detailed-exitcode");
        assertEquals(0, again.exit(), "second plan is empty: " + again);

        guest.reboot();
        assertEquals("1", irqAffinity("virtio0-input.0"), "restored at boot by name");
        assertEquals("2", read("/sys/class/net/eth1/queues/tx-0/xps_cpus"));
        assertEquals("3", read("/sys/class/net/eth1/queues/rx-0/rps_cpus"));
        Cli.Result drift = Cli.run("drift", "-i", inv.toString());
        assertEquals(0, drift.exit(), drift::toString);
    }

    @Test
    void afterAChannelChangeSteeringIsPlannedAgainstTheNewQueues() throws Exception {
        guest.run("systemctl disable --now irqbalance").stdoutOrThrow();
        Files.writeString(dir.resolve("mq.yaml"), """
                nics:
                  - match: {name: eth1}
                    channels: {combined: 4}
                    irqAffinity: {cpus: "1"}
                """);
        Path inv = GuestInventory.write(dir, guest, "mq.yaml", false);
        Cli.Result plan = Cli.run("plan", "-i", inv.toString());
        assertEquals(0, plan.exit(), plan::toString);
        assertTrue(plan.out().contains("then: eth1: IRQ affinity, RPS and XPS, once the channel change has recreated"
                + " the queues"), plan::toString);

        Cli.Result apply = Cli.run("apply", "-i", inv.toString(), "--yes");
        assertEquals(0, apply.exit(), apply::toString);
        for (int q = 0; q < 4; q++) {
            assertEquals("1", irqAffinity("virtio0-input." + q), "queue " + q + " pinned in the second round");
        }
        assertEquals(0, Cli.run("drift", "-i", inv.toString()).exit());
    }

    @Test
    void pinningWhileIrqbalanceRunsIsAPlanErrorUnlessTheProfileStopsItAndOfflineCpusAreAPlanError() throws Exception {
        guest.run("systemctl enable --now irqbalance").stdoutOrThrow();
        Files.writeString(dir.resolve("pin.yaml"), """
                nics:
                  - match: {name: eth1}
                    irqAffinity: {policy: numa-local}
                """);
        Path inv = GuestInventory.write(dir, guest, "pin.yaml", false);
        Cli.Result plan = Cli.run("plan", "-i", inv.toString());
        assertEquals(1, plan.exit(), plan::toString);
        assertTrue(plan.out().contains("! nic.irqAffinity eth1: irqbalance is running on this host and would move eth1's"
                + " IRQs back; add irqbalance: {enabled: false} to the profile, or irqbalance: {enabled: true,"
                + " bannedCpus: \"0-1\"}"), plan::toString);

        Files.writeString(dir.resolve("pin.yaml"), """
                irqbalance: {enabled: false}
                nics:
                  - match: {name: eth1}
                    irqAffinity: {policy: numa-local}
                """);
        Cli.Result stopped = Cli.run("plan", "-i", inv.toString());
        assertEquals(0, stopped.exit(), "a profile that stops irqbalance may pin: " + stopped);

        Files.writeString(dir.resolve("pin.yaml"), """
                nics:
                  - match: {name: eth1}
                    rps: {cpus: "0-3"}
                """);
        Cli.Result bad = Cli.run("plan", "-i", inv.toString());
        assertEquals(1, bad.exit(), bad::toString);
        assertTrue(bad.out().contains("rps cpus 0-3 of eth1: CPU 2-3 is not online on this host (online: 0-1)"), bad::toString);
    }
}
