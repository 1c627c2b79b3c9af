package dev.netune.fact.nic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netune.fact.GatherOutput;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * Golden tests over the captures of the QEMU test host (Debian 12, kernel 6.1, ethtool 6.1): a real
 * e1000e and a real multiqueue virtio_net. See captures/qemu-guest/SOURCE.txt.
 */
class QemuGuestCaptureTest {

    private static String capture(String file) {
        return Captures.read("/captures/qemu-guest/" + file);
    }

    /** The gather output the fragment would print for eth0 and eth1, built from the captured pieces. */
    private static String gather() {
        StringBuilder out = new StringBuilder();
        out.append("@@netune nic eth0 sys\nmtu=1500\noperstate=up\ntype=1\nis_virtual=0\ndriver=e1000e\n"
                + "bus=0000:01:00.0\nmsi_irqs=" + capture("eth0-msi_irqs.txt").trim().replace('\n', ' ')
                + "\nrx_queues=1\ntx_queues=1\n");
        out.append("@@netune nic eth1 sys\nmtu=1500\noperstate=up\ntype=1\nis_virtual=0\ndriver=virtio_net\n"
                + "bus=virtio0\nparent_bus=0000:02:00.0\nmsi_irqs=" + capture("eth1-msi_irqs.txt").trim().replace('\n', ' ')
                + "\nrx_queues=2\ntx_queues=2\n");
        for (String nic : List.of("eth0", "eth1")) {
            for (String q : List.of("i", "g", "l", "c", "k")) {
                String body = capture(nic + "-ethtool-" + q + ".txt");
                int rc = body.startsWith("netlink error") ? 1 : 0;
                out.append("@@netune nic ").append(nic).append(" ethtool-").append(q).append(' ').append(rc).append('\n')
                        .append(body).append(body.endsWith("\n") ? "" : "\n");
            }
        }
        out.append("@@netune interrupts\n").append(capture("proc-interrupts.txt"));
        return out.toString();
    }

    @Test
    void e1000eHasNoChannelsAndSeparateRxTxVectors() {
        NicFacts eth0 = NicGather.parse(GatherOutput.split(gather())).get("eth0");
        DriverInfo d = eth0.driver().value().orElseThrow();
        assertEquals("e1000e", d.driver());
        assertEquals(Optional.of("2.1-0"), d.firmwareVersion());
        assertEquals(Optional.of("0000:01:00.0"), d.busInfo());
        assertEquals(Optional.of("netlink error: Operation not supported"), eth0.channels().error());
        RingInfo r = eth0.rings().value().orElseThrow();
        assertEquals(OptionalInt.of(4096), r.rxMax());
        assertEquals(OptionalInt.of(256), r.tx());
        CoalesceInfo c = eth0.coalesce().value().orElseThrow();
        assertFalse(c.supported("adaptive-rx"));
        assertEquals(OptionalLong.of(3), c.value("rx-usecs"));
        assertFalse(c.supported("tx-usecs"));
        FeatureInfo f = eth0.features().value().orElseThrow();
        assertTrue(f.get("rxhash").orElseThrow().on());
        assertFalse(f.get("rxhash").orElseThrow().fixed());
        // eth0-rx-0 and eth0-tx-0 are the queues; "eth0" (IRQ 34) is the link/other vector
        assertEquals(List.of(
                new QueueIrq(32, QueueIrq.Kind.RX, 0, "eth0-rx-0"),
                new QueueIrq(33, QueueIrq.Kind.TX, 0, "eth0-tx-0")), eth0.queueIrqs());
    }

    @Test
    void multiqueueVirtioHasVectorsForEveryPossibleQueuePair() {
        NicFacts eth1 = NicGather.parse(GatherOutput.split(gather())).get("eth1");
        ChannelInfo ch = eth1.channels().value().orElseThrow();
        assertEquals(new ChannelInfo(OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(), OptionalInt.of(4),
                OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(), OptionalInt.of(2)), ch);
        assertEquals(Optional.of("0000:02:00.0"), eth1.driver().value().orElseThrow().busInfo());
        assertEquals(List.of(35, 36, 37, 38, 39, 40, 41, 42, 43), eth1.sys().value().orElseThrow().msiIrqs());
        // virtio0-config (35) is skipped; virtio1 (mgmt0) and virtio2 (the disk) are other devices
        assertEquals(List.of(36, 38, 40, 42, 37, 39, 41, 43), eth1.queueIrqs().stream().map(QueueIrq::irq).toList());
        assertEquals(new QueueIrq(42, QueueIrq.Kind.RX, 3, "virtio0-input.3"), eth1.queueIrqs().get(3));
        assertEquals(new QueueIrq(37, QueueIrq.Kind.TX, 0, "virtio0-output.0"), eth1.queueIrqs().get(4));
        assertEquals(OptionalLong.of(1), eth1.coalesce().value().orElseThrow().value("tx-frames"));
        assertTrue(eth1.features().value().orElseThrow().get("rx-gro-hw").orElseThrow().on());
    }

    @Test
    void channelsAfterSettingCombinedOne() {
        ChannelInfo after = ChannelInfo.parse(capture("eth1-ethtool-l-after-L-combined-1.txt"));
        assertEquals(OptionalInt.of(4), after.combinedMax());
        assertEquals(OptionalInt.of(1), after.combined());
    }

    @Test
    void interruptsWithSharedPortServiceVectors() {
        InterruptTable t = InterruptTable.parse(capture("proc-interrupts.txt"));
        assertEquals(List.of(0, 1), t.cpus());
        assertEquals(List.of("PCIe PME", "aerdrv"), t.irqs().get(24).actions());
        assertEquals("49152-edge", t.irqs().get(24).hwirq());
        assertEquals(List.of("ahci[0000:00:1f.2]"), t.irqs().get(28).actions());
        assertEquals(30, t.irqs().size());
        assertEquals(19, t.counters().size());
        assertEquals(List.of(0L), t.counters().get("MIS").counts());
    }

    @Test
    void bothNicsParseEveryBlock() {
        Map<String, NicFacts> nics = NicGather.parse(GatherOutput.split(gather()));
        assertEquals(List.of("eth0", "eth1"), List.copyOf(nics.keySet()));
        assertEquals(65, nics.get("eth1").features().value().orElseThrow().features().size());
        assertEquals(65, nics.get("eth0").features().value().orElseThrow().features().size());
    }
}
