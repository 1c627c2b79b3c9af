package dev.netune.setting.nic;

import dev.netune.plan.ChangeKind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netune.fact.GatherOutput;
import dev.netune.fact.Section;
import dev.netune.fact.nic.NicFacts;
import dev.netune.fact.nic.NicGather;
import dev.netune.plan.Change;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Golden cases of CPU steering over the real QEMU guest's multiqueue virtio_net NIC: 4 queue
 * pairs of vectors (IRQs 36..43), 2 active queues, 2 CPUs.
 */
class QueuePlannerTest {

    private static String capture(String name) throws IOException {
        try (InputStream in = QueuePlannerTest.class.getResourceAsStream("/captures/qemu-guest/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Gather output of eth1 as the guest printed it, with the given steering state. */
    private static List<Section> gather(String xps, String affinity) throws IOException {
        String text = String.join("\n",
                "@@netune nic eth1 sys", "mtu=1500", "is_virtual=0", "driver=virtio_net", "bus=virtio0",
                "parent_bus=0000:02:00.0", "numa_node=-1", "local_cpulist=0-1",
                "msi_irqs=35 36 37 38 39 40 41 42 43", "rx_queues=2", "tx_queues=2",
                "@@netune nic eth1 ethtool-i 0", capture("eth1-ethtool-i.txt").strip(),
                "@@netune interrupts", capture("proc-interrupts.txt").strip(),
                "@@netune nic-queues",
                "eth1 rx-0 rps_cpus=0 rps_flow_cnt=0", "eth1 rx-1 rps_cpus=0 rps_flow_cnt=0",
                "eth1 tx-0 xps_cpus=" + xps, "eth1 tx-1 xps_cpus=" + xps,
                "@@netune irq-affinity",
                "36 " + affinity, "37 " + affinity, "38 " + affinity, "39 " + affinity, "40 0-1", "41 0-1",
                "@@netune cpus", "online=0-1", "possible=0-1", "irqbalance=inactive",
                "rps_sock_flow_entries=0", "");
        return GatherOutput.split(text);
    }

    private static NicSettings settings(Attribute a, String... kv) {
        SortedMap<String, String> m = new TreeMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        SortedMap<Attribute, SortedMap<String, String>> s = new TreeMap<>();
        s.put(a, m);
        return new NicSettings(s);
    }

    private static QueuePlanner.Result plan(NicSettings wanted, List<Section> sections) {
        NicFacts eth1 = NicGather.parse(sections).get("eth1");
        return QueuePlanner.plan(eth1, wanted, QueueFacts.SOURCE.parse(sections));
    }

    @Test
    void spreadPinsEachActiveQueueToItsOwnCpuAndSkipsUnusedVectors() throws Exception {
        QueuePlanner.Result r = plan(settings(Attribute.IRQ_AFFINITY, "policy", "spread"), gather("0", "0-1"));
        assertEquals(List.of(
                new Change(ChangeKind.of("nic.irqAffinity"), "eth1 irq 36 virtio0-input.0", "0-1", "0", List.of("queue 0")),
                new Change(ChangeKind.of("nic.irqAffinity"), "eth1 irq 37 virtio0-output.0", "0-1", "0", List.of("queue 0")),
                new Change(ChangeKind.of("nic.irqAffinity"), "eth1 irq 38 virtio0-input.1", "0-1", "1", List.of("queue 1")),
                new Change(ChangeKind.of("nic.irqAffinity"), "eth1 irq 39 virtio0-output.1", "0-1", "1", List.of("queue 1"))),
                r.changes().stream().sorted(java.util.Comparator.comparing(Change::target)).toList());
        assertEquals(List.of(), r.errors());
        assertEquals("0", r.resolved().get("irq virtio0-input.0"));
    }

    @Test
    void alreadyPinnedIsANoOp() throws Exception {
        List<Section> s = gather("0", "0");
        QueuePlanner.Result r = plan(settings(Attribute.IRQ_AFFINITY, "cpus", "0"), s);
        assertEquals(List.of(), r.changes());
        assertTrue(r.noops().contains("eth1 irq 36 virtio0-input.0 is already 0"), r.noops().toString());
    }

    @Test
    void xpsPerQueueFollowsTheQueueIrqsAndComparesMasksAsSets() throws Exception {
        // IRQs of queue 1 are on CPU 1; tx-1 xps mask 2 (= CPU 1) is already right, tx-0 mask 3 is not
        List<Section> s = gather("3", "0-1");
        NicSettings wanted = settings(Attribute.IRQ_AFFINITY, "policy", "spread")
                .overlay(settings(Attribute.XPS, "policy", "per-queue"));
        QueuePlanner.Result r = plan(wanted, s);
        assertTrue(r.changes().contains(new Change(ChangeKind.of("nic.xps"), "eth1 tx-0 xps_cpus", "0-1", "0",
                List.of("the CPU of queue 0's IRQ"))), r.changes().toString());
        assertEquals("00000002".replaceFirst("^0+", ""), r.resolved().get("queues/tx-1/xps_cpus"));
    }

    @Test
    void rpsFlowCountIsAPowerOfTwoShareOfTheFlowTable() throws Exception {
        QueuePlanner.Result r = plan(settings(Attribute.RPS, "cpus", "0-1", "flowEntries", "32768"), gather("0", "0-1"));
        assertTrue(r.changes().contains(new Change(ChangeKind.of("nic.rps"), "eth1 rx-1 rps_flow_cnt", "0", "16384")), r.changes().toString());
        assertTrue(r.changes().contains(new Change(ChangeKind.of("nic.rps"), "eth1 rx-0 rps_cpus", "none", "0-1")), r.changes().toString());
        assertEquals("3", r.resolved().get("queues/rx-0/rps_cpus"));
    }

    @Test
    void cpusThatAreNotOnlineAreAPlanError() throws Exception {
        QueuePlanner.Result r = plan(settings(Attribute.IRQ_AFFINITY, "cpus", "2-5"), gather("0", "0-1"));
        assertEquals(List.of(), r.changes());
        assertEquals("irqAffinity cpus 2-5 of eth1: CPU 2-5 is not online on this host (online: 0-1)",
                r.errors().get(0).message());
    }

    @Test
    void hvNetvscQueuesAreSaidPlainlyToBeUnsteerableByIrqAffinity() throws Exception {
        // an Azure guest: the synthetic NIC hangs off VMBus, no MSI-X vector of its own
        String text = String.join("\n", "@@netune nic eth0 sys", "mtu=1500", "is_virtual=0", "driver=hv_netvsc",
                "bus=000d3a6f-0000-0000-0000-000000000000", "rx_queues=4", "tx_queues=4",
                "@@netune interrupts", capture("proc-interrupts.txt").strip(),
                "@@netune irq-affinity", "36 0-1", "@@netune cpus", "online=0-1", "possible=0-1", "irqbalance=inactive", "");
        List<Section> sections = GatherOutput.split(text);
        NicFacts eth0 = NicGather.parse(sections).get("eth0");
        QueuePlanner.Result r = QueuePlanner.plan(eth0, settings(Attribute.IRQ_AFFINITY, "cpus", "0-1"),
                QueueFacts.SOURCE.parse(sections));
        assertEquals(List.of(), r.changes());
        String msg = r.errors().get(0).message();
        assertTrue(msg.startsWith("eth0: hv_netvsc queues are VMBus channels, not MSI-X vectors"), msg);
        assertTrue(msg.contains("/sys/bus/vmbus/devices/<id>/channels/<relid>/cpu"), msg);
    }

    @Test
    void steeringWritesMasksWhereTheKernelParsesBitmaps() {
        Change rps = new Change(ChangeKind.of("nic.rps"), "eth1 rx-0 rps_cpus", "none", "0-1");
        assertEquals("/sys/class/net/eth1/queues/rx-0/rps_cpus", Steering.path(rps));
        assertEquals("3", Steering.written(rps));
        Change far = new Change(ChangeKind.of("nic.xps"), "eth1 tx-0 xps_cpus", "none", "33");
        assertEquals("2,00000000", Steering.written(far));
        Change irq = new Change(ChangeKind.of("nic.irqAffinity"), "eth1 irq 36 virtio0-input.0", "0-1", "1");
        assertEquals("/proc/irq/36/smp_affinity_list", Steering.path(irq));
        assertEquals("1", Steering.written(irq));
        assertEquals("/proc/sys/net/core/rps_sock_flow_entries",
                Steering.path(new Change(ChangeKind.of("nic.rps"), "net.core.rps_sock_flow_entries", "0", "32768")));
    }

    @Test
    void irqAffinityLinesOfAnIrqNoIntHoldsAreSkipped() {
        QueueFacts q = QueueFacts.SOURCE.parse(GatherOutput.split(
                "@@netune irq-affinity\n36 0-1\n99999999999 0\n\u0000\u00ff 1\n37 1\n"));
        assertEquals(java.util.Map.of(36, "0-1", 37, "1"), q.irqAffinity());
    }
}
