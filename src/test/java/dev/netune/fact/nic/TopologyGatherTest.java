package dev.netune.fact.nic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netune.fact.GatherOutput;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * The queue x CPU facts of the QEMU guest (e1000e eth0, 4-queue virtio_net eth1), from one real
 * run of the facts gather script (captures/qemu-guest/facts-gather.out).
 */
class TopologyGatherTest {
    static String guestGather() throws IOException {
        try (InputStream in = TopologyGatherTest.class.getResourceAsStream("/captures/qemu-guest/facts-gather.out")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static NicTopologies guest() throws IOException {
        return TopologyGather.SOURCE.parse(GatherOutput.split(guestGather()));
    }

    @Test
    void eachQueueIrqHasItsAllowedAndEffectiveCpusAndWhereItsInterruptsLanded() throws IOException {
        NicTopology eth0 = guest().nics().get("eth0");
        assertEquals(List.of(
                new QueueCpu(32, "eth0-rx-0", Optional.of("1"), Optional.of("1"), new java.util.TreeMap<>(Map.of(0, 0L, 1, 14L))),
                new QueueCpu(33, "eth0-tx-0", Optional.of("0"), Optional.of("0"), new java.util.TreeMap<>(Map.of(0, 2L, 1, 0L)))),
                eth0.queueIrqs());
        NicTopology eth1 = guest().nics().get("eth1");
        assertEquals(8, eth1.queueIrqs().size(), eth1::toString);
        // irqbalance had set IRQ 36 to CPU1 while the kernel had last delivered it to CPU0
        QueueCpu input0 = eth1.queueIrqs().get(0);
        assertEquals("virtio0-input.0", input0.name());
        assertEquals(Optional.of("1"), input0.allowed());
        assertEquals(Optional.of("0"), input0.effective());
    }

    @Test
    void linkQdiscTxqueuelenNumaAndMasksComeFromSysfsAndTc() throws IOException {
        NicTopologies t = guest();
        NicTopology eth0 = t.nics().get("eth0");
        assertEquals(OptionalInt.of(1000), eth0.speed());
        assertEquals(Optional.of("full"), eth0.duplex());
        assertEquals(OptionalInt.of(1000), eth0.txqueuelen());
        assertTrue(eth0.qdisc().orElseThrow().startsWith("qdisc fq_codel 0: root"), eth0::toString);
        assertEquals(Optional.of("0-1"), eth0.localCpus());
        assertEquals(OptionalInt.empty(), eth0.numaNode()); // QEMU q35 without NUMA: numa_node -1
        NicTopology eth1 = t.nics().get("eth1");
        assertEquals(OptionalInt.empty(), eth1.speed()); // virtio_net reports -1
        assertEquals(Optional.of("qdisc mq 0: root"), eth1.qdisc());
        assertEquals(Map.of("rx-0", "0", "rx-1", "0"), eth1.rps());
        assertEquals(Map.of("tx-0", "1", "tx-1", "2"), eth1.xps());
        assertEquals(Map.of("speed", "Invalid argument", "duplex", "Invalid argument"), t.nics().get("lo").unreadable());
        assertEquals(List.of(0, 1), t.cpus());
    }

    @Test
    void theTextShowsOneLinePerNicAQueueByCpuGridAndTheMasksAsCpuLists() throws IOException {
        String text = guest().toText();
        assertTrue(text.contains("eth0: link 1000 Mb/s full, txqueuelen 1000, qdisc fq_codel 0: root refcnt 2 limit"), text);
        assertTrue(text.contains("""
                  queue IRQs x CPUs (interrupts since boot per CPU; * effective CPU, + allowed, - not allowed):
                    irq  queue      allowed  CPU0  CPU1
                    32   eth0-rx-0  1          0-   14*
                    33   eth0-tx-0  0          2*    0-
                """), text);
        assertTrue(text.contains("eth1: link speed unknown, txqueuelen 1000, qdisc mq 0: root, local CPUs 0-1\n"), text);
        assertTrue(text.contains("    36   virtio0-input.0   1          0*    0+\n"), text);
        assertTrue(text.contains("  RPS: all 2 rx queues off\n  XPS: tx-0 CPUs 0, tx-1 CPUs 1\n"), text);
        assertTrue(text.contains("lo: link speed unknown (Invalid argument), txqueuelen 1000, qdisc noqueue"), text);
    }

    /** A real run of the library on the guest (captures/qemu-guest/nic-topology.out, see SOURCE.txt). */
    @Test
    void anXpsMaskOfASingleQueueDeviceIsUnreadableAndSaysWhy() throws IOException {
        String out;
        try (InputStream in = TopologyGatherTest.class.getResourceAsStream("/captures/qemu-guest/nic-topology.out")) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        NicTopologies t = TopologyGather.SOURCE.parse(GatherOutput.split(out));
        String why = "unsupported on a single-queue device: the kernel answers ENOENT";
        for (String nic : List.of("eth0", "mgmt0", "lo")) {
            assertEquals(Map.of("tx-0", "-"), t.nics().get(nic).xps(), nic);
            assertEquals(why, t.nics().get(nic).unreadable().get("tx-0/xps_cpus"), nic);
        }
        assertEquals(Map.of(), t.nics().get("eth1").unreadable(), "the 4-queue virtio NIC reads its masks");
        String text = t.toText();
        assertTrue(text.contains("eth0: link 1000 Mb/s full, txqueuelen 1000, qdisc fq_codel 0: root refcnt 2 limit"), text);
        assertTrue(text.contains("  XPS: tx-0 unreadable (" + why + ")\n"), text);
        assertTrue(text.contains("  XPS: tx-0 CPUs 0, tx-1 CPUs 1, tx-2 CPUs 0, tx-3 CPUs 1\n"), text);
    }

    @Test
    void aQueueFileThatIsNotThereOrRefusedIsUnreadableWithItsReason() {
        NicTopology n = TopologyGather.nic("eth5", String.join("\n", "queue rx-0 rps=- flows=-", "rx-0/rps_cpus!absent",
                "rx-0/rps_flow_cnt!absent", "queue tx-0 xps=-", "tx-0/xps_cpus!absent", "queue tx-1 xps=-",
                "tx-1/xps_cpus!cat: /sys/class/net/eth5/queues/tx-1/xps_cpus: Permission denied"), null, Map.of(), null);
        assertEquals("no xps_cpus file: a kernel without CONFIG_XPS", n.unreadable().get("tx-0/xps_cpus"));
        assertEquals("no rps_cpus file: a kernel without CONFIG_RPS", n.unreadable().get("rx-0/rps_cpus"));
        assertEquals("Permission denied", n.unreadable().get("tx-1/xps_cpus"));
        String text = new NicTopologies(new java.util.TreeMap<>(Map.of("eth5", n)), List.of(0, 1)).toText();
        assertTrue(text.contains("  RPS: rx-0 unreadable (no rps_cpus file: a kernel without CONFIG_RPS)\n"), text);
        assertTrue(text.contains("  XPS: tx-0 unreadable (no xps_cpus file: a kernel without CONFIG_XPS),"
                + " tx-1 unreadable (Permission denied)\n"), text);
    }

    @Test
    void aManyCpuHostShowsOnlyTheCpusItsQueuesUse() {
        List<Integer> online = java.util.stream.IntStream.range(0, 64).boxed().toList();
        StringBuilder sb = new StringBuilder();
        QueueGrid.render(List.of(new QueueCpu(90, "eth0-TxRx-0", Optional.of("2"), Optional.of("2"),
                new java.util.TreeMap<>(Map.of(2, 5000L, 7, 3L)))), online, sb);
        assertTrue(sb.toString().contains("irq  queue        allowed   CPU2  CPU7\n    90   eth0-TxRx-0  2        5000*    3-\n"),
                sb::toString);
        // allowed on all 64 CPUs (the default affinity): still only the CPUs it ran on
        StringBuilder wide = new StringBuilder();
        QueueGrid.render(List.of(new QueueCpu(91, "eth0-TxRx-1", Optional.of("0-63"), Optional.of("5"),
                new java.util.TreeMap<>(Map.of(5, 70L)))), online, wide);
        assertTrue(wide.toString().contains("irq  queue        allowed  CPU5\n    91   eth0-TxRx-1  0-63      70*\n"),
                wide::toString);
    }
}
