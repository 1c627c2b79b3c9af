package dev.netune.fact.nic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QueueIrqMatcherTest {

    private static SysInfo sys(String lines) {
        return SysInfo.parse(lines);
    }

    @Test
    void mlx5CompletionVectorsOfItsOwnPfOnly() {
        InterruptTable t = InterruptTable.parse(Captures.driver("mlx5_core", "proc-interrupts-grep-mlx.txt"));
        DriverInfo info = DriverInfo.parse(Captures.driver("mlx5_core", "ethtool-i.txt")); // bus 0000:01:00.0
        List<QueueIrq> q = QueueIrqMatcher.match("enp1s0f0np0",
                sys("driver=mlx5_core\nbus=0000:01:00.0\nmsi_irqs=98 99 109 110 111 112 113 114 115 116 117 118 119\n"),
                Optional.of(info), t);
        // the IRQs mlnx-tools' set_irq_affinity_cpulist.sh discovered for this port on the same host
        assertEquals(List.of(99, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119),
                q.stream().map(QueueIrq::irq).toList());
        assertEquals(new QueueIrq(99, QueueIrq.Kind.COMBINED, 0, "mlx5_comp0@pci:0000:01:00.0"), q.get(0));
        assertEquals(new QueueIrq(119, QueueIrq.Kind.COMBINED, 11, "mlx5_comp11@pci:0000:01:00.0"), q.get(11));
    }

    @Test
    void mlx5ByBusInfoWhenSysfsHasNoMsiList() {
        InterruptTable t = InterruptTable.parse(Captures.driver("mlx5_core", "proc-interrupts-grep-mlx.txt"));
        List<QueueIrq> q = QueueIrqMatcher.match("enp1s0f1np1", sys("driver=mlx5_core\nbus=0000:01:00.1\n"), Optional.empty(), t);
        assertEquals(List.of(new QueueIrq(102, QueueIrq.Kind.COMBINED, 0, "mlx5_comp0@pci:0000:01:00.1")), q);
    }

    @Test
    void virtioInputOutputOfItsOwnVirtioDevice() {
        InterruptTable t = InterruptTable.parse(Captures.driver("virtio_net", "proc-interrupts.txt"));
        List<QueueIrq> q = QueueIrqMatcher.match("eth0",
                sys("driver=virtio_net\nbus=virtio2\nparent_bus=0000:00:03.0\nmsi_irqs=37 38 39\n"),
                Optional.of(DriverInfo.parse(Captures.driver("virtio_net", "ethtool-i.txt"))), t);
        assertEquals(List.of(
                new QueueIrq(38, QueueIrq.Kind.RX, 0, "virtio2-input.0"),
                new QueueIrq(39, QueueIrq.Kind.TX, 0, "virtio2-output.0")), q);
    }

    @Test
    void virtioSharedVirtqueuesVectorIsNotAQueue() {
        InterruptTable t = InterruptTable.parse(Captures.driver("i40e", "proc-interrupts-partial.txt"));
        assertEquals(List.of(), QueueIrqMatcher.match("eth0", sys("bus=virtio0\n"), Optional.empty(), t));
    }

    @Test
    void i40eNamesCarryDriverPrefixAndSkipMisc() {
        InterruptTable t = InterruptTable.parse(Captures.driver("i40e", "proc-interrupts-partial.txt"));
        List<QueueIrq> q = QueueIrqMatcher.match("enP1s15", sys("driver=i40e\nbus=0001:00:0f.0\n"), Optional.empty(), t);
        assertEquals(List.of(
                new QueueIrq(10, QueueIrq.Kind.COMBINED, 0, "i40e-enP1s15-TxRx-0"),
                new QueueIrq(11, QueueIrq.Kind.COMBINED, 1, "i40e-enP1s15-TxRx-1"),
                new QueueIrq(12, QueueIrq.Kind.COMBINED, 2, "i40e-enP1s15-TxRx-2")), q);
    }

    @Test
    void enaTxRxAndUnnamedVectors() {
        InterruptTable t = InterruptTable.parse(Captures.driver("ena", "proc-interrupts-partial.txt"));
        List<QueueIrq> q = QueueIrqMatcher.match("enp39s0",
                sys("driver=ena\nbus=0000:27:00.0\nmsi_irqs=65 66 67 68 69\n"), Optional.empty(), t);
        assertEquals(List.of(new QueueIrq(66, QueueIrq.Kind.COMBINED, 0, "enp39s0-Tx-Rx-0")), q);
    }

    @Test
    void olderEnaNamesByDriverWhenTheVectorIsTheDevicesOwn() {
        InterruptTable t = InterruptTable.parse("           CPU0\n 27:  5  PCI-MSI 1-edge      ena-Tx-Rx-0\n");
        assertEquals(List.of(new QueueIrq(27, QueueIrq.Kind.COMBINED, 0, "ena-Tx-Rx-0")),
                QueueIrqMatcher.match("eth0", sys("driver=ena\nmsi_irqs=26 27\n"), Optional.empty(), t));
        // without the msi list the name does not prove the vector is eth0's
        assertEquals(List.of(), QueueIrqMatcher.match("eth0", sys("driver=ena\n"), Optional.empty(), t));
    }

    @Test
    void intelTxRxAndTheOtherVector() {
        InterruptTable t = InterruptTable.parse(Captures.driver("unattributed", "proc-interrupts-old-format.txt"));
        List<QueueIrq> q = QueueIrqMatcher.match("eth0", sys("driver=igb\n"), Optional.empty(), t);
        assertEquals(List.of(66, 67, 68, 69), q.stream().map(QueueIrq::irq).toList());
        assertEquals(new QueueIrq(68, QueueIrq.Kind.COMBINED, 2, "eth0-TxRx-2"), q.get(2));
        assertEquals(List.of(), QueueIrqMatcher.match("eth1", sys("driver=igb\n"), Optional.empty(), t));
    }

    @Test
    void e1000eSeparateRxTxVectors() {
        // e1000e with MSI-X names its vectors IFACE-rx-0, IFACE-tx-0 and IFACE (link); see e1000e netdev.c
        InterruptTable t = InterruptTable.parse("           CPU0       CPU1\n"
                + " 24:        100          0   PCI-MSI 442368-edge      enp0s2-rx-0\n"
                + " 25:          0         80   PCI-MSI 442369-edge      enp0s2-tx-0\n"
                + " 26:          2          0   PCI-MSI 442370-edge      enp0s2\n");
        assertEquals(List.of(
                new QueueIrq(24, QueueIrq.Kind.RX, 0, "enp0s2-rx-0"),
                new QueueIrq(25, QueueIrq.Kind.TX, 0, "enp0s2-tx-0")),
                QueueIrqMatcher.match("enp0s2", sys("driver=e1000e\nmsi_irqs=24 25 26\n"), Optional.empty(), t));
    }

    @Test
    void noTableNoQueues() {
        assertEquals(List.of(), QueueIrqMatcher.match("eth0", null, Optional.empty(), null));
    }

    @Test
    void aQueueNumberNoIntHoldsIsNotAQueue() {
        InterruptTable t = InterruptTable.parse("           CPU0\n"
                + " 30:          5  PCI-MSI 1-edge      eth0-TxRx-0\n"
                + " 31:          5  PCI-MSI 2-edge      eth0-TxRx-99999999999\n");
        List<QueueIrq> q = QueueIrqMatcher.match("eth0", sys("driver=ixgbe\nmsi_irqs=30 31\n"), Optional.empty(), t);
        assertEquals(List.of(new QueueIrq(30, QueueIrq.Kind.COMBINED, 0, "eth0-TxRx-0")), q);
    }
}
