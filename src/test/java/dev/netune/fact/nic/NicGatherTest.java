package dev.netune.fact.nic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netune.fact.GatherOutput;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** NicGather.parse over a whole gather output built from real captures, marker lines included. */
class NicGatherTest {

    private static String block(String iface, String query, int rc, String body) {
        return "@@netune nic " + iface + " ethtool-" + query + " " + rc + "\n" + body + (body.endsWith("\n") ? "" : "\n");
    }

    private static String gather() {
        StringBuilder out = new StringBuilder();
        out.append("@@netune sysctl net.core.somaxconn\n4096\n"); // another fact source's block
        out.append("@@netune nic eth0 sys\nmtu=1400\noperstate=up\naddress=02:fc:00:00:00:01\ntype=1\nis_virtual=0\n"
                + "driver=virtio_net\nbus=virtio2\nparent_bus=0000:00:03.0\nnuma_node=-1\nlocal_cpulist=0-1\n"
                + "msi_irqs=37 38 39\nrx_queues=1\ntx_queues=1\n");
        for (String q : List.of("i", "g", "l", "c", "k")) {
            out.append(block("eth0", q, 0, Captures.driver("virtio_net", "ethtool-" + q + ".txt")));
        }
        out.append("@@netune nic lo sys\nmtu=65536\noperstate=unknown\naddress=00:00:00:00:00:00\ntype=772\n"
                + "is_virtual=1\nrx_queues=1\ntx_queues=1\n");
        out.append(block("lo", "i", 71, Captures.driver("loopback", "ethtool-i.txt")));
        out.append(block("lo", "g", 1, Captures.driver("loopback", "ethtool-g.txt")));
        out.append(block("lo", "l", 1, Captures.driver("loopback", "ethtool-l.txt")));
        out.append(block("lo", "c", 1, Captures.driver("loopback", "ethtool-c.txt")));
        out.append(block("lo", "k", 0, Captures.driver("loopback", "ethtool-k.txt")));
        // a host without ethtool: the fragment reports 127 for every query
        out.append("@@netune nic bond0 sys\nmtu=9000\nis_virtual=1\nrx_queues=16\ntx_queues=16\n");
        for (String q : List.of("i", "g", "l", "c", "k")) {
            out.append(block("bond0", q, NicGather.NO_ETHTOOL, "ethtool: command not found"));
        }
        // an old ethtool whose channel error spans lines, and a block cut short (no rc, no -k)
        out.append(block("eno1", "l", 76, Captures.driver("unattributed", "ethtool-l-unsupported-old-ethtool.txt")));
        out.append("@@netune nic eno1 ethtool-g\nRing parameters for eno1:\n");
        out.append(block("eno1", "c", 0, "something a future ethtool prints\n"));
        out.append("@@netune interrupts\n").append(Captures.driver("virtio_net", "proc-interrupts.txt"));
        return out.toString();
    }

    @Test
    void parsesEveryInterfaceSortedByName() {
        Map<String, NicFacts> nics = NicGather.parse(GatherOutput.split(gather()));
        assertEquals(List.of("bond0", "eno1", "eth0", "lo"), List.copyOf(nics.keySet()));
    }

    @Test
    void virtioInterfaceIsComplete() {
        NicFacts eth0 = NicGather.parse(GatherOutput.split(gather())).get("eth0");
        SysInfo sys = eth0.sys().value().orElseThrow();
        assertEquals(OptionalInt.of(1400), sys.mtu());
        assertFalse(sys.virtual());
        assertEquals(Optional.of("virtio2"), sys.bus());
        assertEquals(Optional.of("0000:00:03.0"), sys.parentBus());
        assertEquals(OptionalInt.empty(), sys.numaNode());
        assertEquals(Optional.of("0-1"), sys.localCpulist());
        assertEquals(List.of(37, 38, 39), sys.msiIrqs());
        assertEquals("virtio_net", eth0.driver().value().orElseThrow().driver());
        assertEquals(OptionalInt.of(256), eth0.rings().value().orElseThrow().rx());
        assertEquals(OptionalInt.of(1), eth0.channels().value().orElseThrow().combined());
        assertEquals(Optional.of(false), eth0.coalesce().value().orElseThrow().adaptiveRx());
        assertTrue(eth0.features().value().orElseThrow().get("gro").orElseThrow().on());
        assertEquals(List.of(
                new QueueIrq(38, QueueIrq.Kind.RX, 0, "virtio2-input.0"),
                new QueueIrq(39, QueueIrq.Kind.TX, 0, "virtio2-output.0")), eth0.queueIrqs());
    }

    @Test
    void loopbackKeepsTheReasonOfEachFailure() {
        NicFacts lo = NicGather.parse(GatherOutput.split(gather())).get("lo");
        assertTrue(lo.sys().value().orElseThrow().virtual());
        assertEquals(Optional.of("Cannot get driver information: Operation not supported"), lo.driver().error());
        assertEquals(Optional.of("netlink error: Operation not supported"), lo.rings().error());
        assertEquals(Optional.of("netlink error: Operation not supported"), lo.channels().error());
        assertEquals(Optional.of("netlink error: Operation not supported"), lo.coalesce().error());
        assertTrue(lo.features().value().isPresent());
        assertEquals(List.of(), lo.queueIrqs());
    }

    @Test
    void missingEthtoolIsReportedPerFact() {
        NicFacts bond = NicGather.parse(GatherOutput.split(gather())).get("bond0");
        assertEquals(OptionalInt.of(9000), bond.sys().value().orElseThrow().mtu());
        assertEquals(16, bond.sys().value().orElseThrow().rxQueues());
        for (Outcome<?> o : List.of(bond.driver(), bond.rings(), bond.channels(), bond.coalesce(), bond.features())) {
            assertEquals(Optional.of("ethtool is not installed"), o.error());
        }
    }

    @Test
    void brokenAndMissingBlocksNeverThrow() {
        NicFacts eno1 = NicGather.parse(GatherOutput.split(gather())).get("eno1");
        assertEquals(Optional.of("sysfs block not gathered"), eno1.sys().error());
        assertEquals(Optional.of("ethtool -i not gathered"), eno1.driver().error());
        assertEquals(Optional.of("Cannot get device channel parameters : Operation not supported"), eno1.channels().error());
        assertEquals(Optional.of("ethtool -g: no exit code in marker"), eno1.rings().error());
        assertEquals(Optional.of("unreadable output: no settings in ethtool -c output"), eno1.coalesce().error());
        assertEquals(Optional.of("ethtool -k not gathered"), eno1.features().error());
    }

    @Test
    void noInterruptsBlockMeansNoQueueIrqs() {
        String without = gather().substring(0, gather().indexOf("@@netune interrupts"));
        assertEquals(List.of(), NicGather.parse(GatherOutput.split(without)).get("eth0").queueIrqs());
    }
}
