package dev.netune.fact.nic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Queue IRQs of every driver in {@link QueueIrqNaming#TABLE}, from its capture (see each SOURCE.txt). */
class QueueIrqTableTest {

    private static List<QueueIrq> match(String driver, String capture, String iface, String sysLines) {
        InterruptTable t = InterruptTable.parse(Captures.driver(driver, capture));
        return QueueIrqMatcher.match(iface, SysInfo.parse(sysLines), Optional.empty(), t);
    }

    private static QueueIrq q(int irq, QueueIrq.Kind kind, int queue, String name) {
        return new QueueIrq(irq, kind, queue, name);
    }

    private static final QueueIrq.Kind C = QueueIrq.Kind.COMBINED;
    private static final QueueIrq.Kind RX = QueueIrq.Kind.RX;
    private static final QueueIrq.Kind TX = QueueIrq.Kind.TX;

    @Test
    void everyDriverOfTheIssueHasARowAndACapture() {
        Set<String> drivers = QueueIrqNaming.TABLE.stream().map(QueueIrqNaming::driver).collect(Collectors.toSet());
        for (String d : List.of("ixgbe", "igb", "igc", "i40e", "ice", "e1000e", "mlx4_en", "mlx5_core", "bnxt_en",
                "ena", "gve", "virtio_net", "vmxnet3", "sfc", "tg3", "be2net", "qede", "cxgb4", "nfp", "atlantic")) {
            assertTrue(drivers.contains(d), d);
            assertTrue(!Captures.driver(d, "SOURCE.txt").isBlank(), d);
        }
        assertTrue(QueueIrqNaming.UNSTEERABLE.containsKey("hv_netvsc"));
    }

    @Test
    void vmxnet3RxtxVectorsNotTheEventVector() {
        List<QueueIrq> got = match("vmxnet3", "proc-interrupts-grep.txt", "eth0",
                "driver=vmxnet3\nbus=0000:03:00.0\nmsi_irqs=56 57 58 59 60 61 62 63 64\nrx_queues=8\n");
        assertEquals(8, got.size());
        assertEquals(q(56, C, 0, "eth0-rxtx-0"), got.get(0));
        assertEquals(q(63, C, 7, "eth0-rxtx-7"), got.get(7));
    }

    @Test
    void vmxnet3SeparateVectorsAreNumberedByVectorNotQueue() {
        assertEquals(List.of(q(58, RX, 0, "ens192-rx-2"), q(59, RX, 1, "ens192-rx-3"),
                        q(56, TX, 0, "ens192-tx-0"), q(57, TX, 1, "ens192-tx-1")),
                match("vmxnet3", "proc-interrupts-separate-from-source.txt", "ens192", "driver=vmxnet3\n"));
    }

    @Test
    void mlx4CompletionVectorsAreOneBasedAndTiedByPciAddress() {
        List<QueueIrq> got = match("mlx4_en", "proc-interrupts-partial.txt", "enp9s0",
                "driver=mlx4_core\nbus=0000:09:00.0\n");
        assertEquals(List.of(q(211, C, 0, "mlx4-1@0000:09:00.0"), q(212, C, 1, "mlx4-2@0000:09:00.0"),
                q(213, C, 2, "mlx4-3@0000:09:00.0"), q(214, C, 3, "mlx4-4@0000:09:00.0")), got);
        // another device's NIC gets none of them
        assertEquals(List.of(), match("mlx4_en", "proc-interrupts-partial.txt", "enp6s0", "driver=r8169\nbus=0000:06:00.0\n"));
    }

    @Test
    void qedeFastpathVectorsNotItsSlowpathNorTheNeighbour() {
        assertEquals(List.of(q(64, C, 0, "eth3-fp-0"), q(65, C, 1, "eth3-fp-1"), q(66, C, 2, "eth3-fp-2")),
                match("qede", "proc-interrupts-partial.txt", "eth3", "driver=qede\n"));
        // the Intel-style neighbour keeps its own, found by the generic rows of an unknown driver
        assertEquals(4, match("qede", "proc-interrupts-partial.txt", "eth2", "").size());
    }

    @Test
    void iceQueueVectorsNotTheControlOrMiscVector() {
        assertEquals(List.of(q(78, C, 0, "ice-lan1-TxRx-0"), q(79, C, 1, "ice-lan1-TxRx-1"), q(80, C, 2, "ice-lan1-TxRx-2")),
                match("ice", "proc-interrupts-partial.txt", "lan1", "driver=ice\nbus=0000:65:00.1\n"));
    }

    @Test
    void iceOutOfTreeTwoQueuesPerVector() {
        assertEquals(List.of(q(200, C, 0, "ice-ens2f1-TxRx-0-1"), q(201, C, 2, "ice-ens2f1-TxRx-2-3")),
                match("ice", "proc-interrupts-two-queues-per-vector.txt", "ens2f1", "driver=ice\n"));
    }

    @Test
    void gveLowerHalfTxUpperHalfRxNotTheManagementBlock() {
        assertEquals(List.of(q(25, RX, 0, "gve-ntfy-blk1@pci:0000:00:04.0"), q(24, TX, 0, "gve-ntfy-blk0@pci:0000:00:04.0")),
                match("gve", "proc-interrupts-partial.txt", "ens4", "driver=gve\nbus=0000:00:04.0\n"));
    }

    @Test
    void tg3QueueZeroIsOnVectorOneAndTheLinkVectorIsNoQueue() {
        assertEquals(List.of(q(344, C, 0, "eth0-txrx-1"), q(345, C, 1, "eth0-txrx-2"), q(346, C, 2, "eth0-txrx-3"),
                        q(347, C, 3, "eth0-txrx-4")),
                match("tg3", "proc-interrupts-after-channels.txt", "eth0", "driver=tg3\n"));
    }

    @Test
    void ixgbeRealCaptureQueueVectorsNotTheTrailingOtherVectorNorTheIgbNeighbour() {
        List<QueueIrq> got = match("ixgbe", "proc-interrupts.txt", "eth5", "driver=ixgbe\n");
        assertEquals(32, got.size());
        assertEquals(q(109, C, 0, "eth5-TxRx-0"), got.get(0));
        assertEquals(q(140, C, 31, "eth5-TxRx-31"), got.get(31));
        // the bare "eth5" (IRQ 141) is the link vector, eth4's vectors belong to the other port
        assertTrue(got.stream().noneMatch(x -> x.irq() == 141 || x.irq() >= 142));
        assertEquals(q(142, C, 0, "eth4-TxRx-0"), match("ixgbe", "proc-interrupts.txt", "eth4", "driver=ixgbe\n").get(0));
    }

    @Test
    void intelStyleDriversFromSource() {
        assertEquals(List.of(q(120, C, 0, "enp3s0f0-TxRx-0"), q(121, C, 1, "enp3s0f0-TxRx-1")),
                match("ixgbe", "proc-interrupts-from-source.txt", "enp3s0f0", "driver=ixgbe\n"));
        for (String d : List.of("igb", "igc")) {
            assertEquals(List.of(q(48, C, 0, "enp2s0-TxRx-0"), q(49, C, 1, "enp2s0-TxRx-1")),
                    match(d, "proc-interrupts-from-source.txt", "enp2s0", "driver=" + d + "\nmsi_irqs=47 48 49\n"), d);
        }
    }

    @Test
    void bnxtRealCaptureTxRxVectorsAndTheDownPortsUnnamedVectorsAreNoQueues() {
        // the Debian installation report prefixes every line; the rows themselves are the kernel's
        String report = Captures.driver("bnxt_en", "proc-interrupts-debian-report.txt").replaceAll("(?m)^/proc/interrupts: ", "");
        InterruptTable t = InterruptTable.parse(report);
        List<QueueIrq> got = QueueIrqMatcher.match("eno1np0", SysInfo.parse("driver=bnxt_en\n"), Optional.empty(), t);
        assertEquals(8, got.size());
        assertEquals(q(55, C, 0, "eno1np0-TxRx-0"), got.get(0));
        assertEquals(q(62, C, 7, "eno1np0-TxRx-7"), got.get(7));
        // the down port's vectors are allocated but unnamed: parsed as rows without an action, no queue of anyone
        assertEquals(List.of(), t.irqs().get(64).actions());
        assertEquals(List.of(), QueueIrqMatcher.match("eno2np1", SysInfo.parse("driver=bnxt_en\n"), Optional.empty(), t));
    }

    @Test
    void e1000eFromTheQemuGuest() {
        InterruptTable t = InterruptTable.parse(Captures.read("/captures/qemu-guest/proc-interrupts.txt"));
        assertEquals(List.of(q(32, RX, 0, "eth0-rx-0"), q(33, TX, 0, "eth0-tx-0")),
                QueueIrqMatcher.match("eth0", SysInfo.parse("driver=e1000e\n"), Optional.empty(), t));
    }

    @Test
    void otherDriversFromSource() {
        assertEquals(List.of(q(90, C, 0, "eth4-q0"), q(91, C, 1, "eth4-q1")),
                match("be2net", "proc-interrupts-from-source.txt", "eth4", "driver=be2net\n"));
        assertEquals(List.of(q(70, C, 0, "ens1f0-0"), q(71, C, 1, "ens1f0-1")),
                match("sfc", "proc-interrupts-from-source.txt", "ens1f0", "driver=sfc\n"));
        assertEquals(List.of(q(73, RX, 0, "ens1f1-rx-0"), q(74, TX, 0, "ens1f1-tx-0")),
                match("sfc", "proc-interrupts-from-source.txt", "ens1f1", "driver=sfc\n"));
        assertEquals(List.of(q(152, RX, 0, "enp5s0f4-Rx0"), q(153, RX, 1, "enp5s0f4-Rx1")),
                match("cxgb4", "proc-interrupts-from-source.txt", "enp5s0f4", "driver=cxgb4\n"));
        assertEquals(List.of(q(160, C, 0, "enp4s0np0-rxtx-0"), q(161, C, 1, "enp4s0np0-rxtx-1")),
                match("nfp", "proc-interrupts-from-source.txt", "enp4s0np0", "driver=nfp\n"));
    }

    @Test
    void atlanticBareNamesByOrderOnlyFromItsOwnVectors() {
        assertEquals(List.of(q(140, C, 0, "enp5s0"), q(141, C, 1, "enp5s0")),
                match("atlantic", "proc-interrupts-from-source.txt", "enp5s0",
                        "driver=atlantic\nmsi_irqs=140 141 142\nrx_queues=2\n"));
        // without the device's own vector list a bare name proves nothing
        assertEquals(List.of(), match("atlantic", "proc-interrupts-from-source.txt", "enp5s0", "driver=atlantic\n"));
    }
}
