package dev.netune.fact.nic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class InterruptTableTest {

    @Test
    void thisHostVirtio() {
        InterruptTable t = InterruptTable.parse(Captures.driver("virtio_net", "proc-interrupts.txt"));
        assertEquals(List.of(0, 1), t.cpus());
        InterruptTable.Irq irq38 = t.irqs().get(38);
        assertEquals("PCI-MSIX-0000:00:03.0", irq38.chip());
        assertEquals("1-edge", irq38.hwirq());
        assertEquals(List.of("virtio2-input.0"), irq38.actions());
        assertEquals(2, irq38.perCpu().size());
        assertEquals(List.of(24, 25), t.byAction("ACPI:Ged"));
        assertEquals("IO-APIC", t.irqs().get(26).chip());
        assertEquals("4-edge", t.irqs().get(26).hwirq());
        assertEquals(List.of("ttyS0"), t.irqs().get(26).actions());
        InterruptTable.Counter err = t.counters().get("ERR");
        assertEquals(1, err.counts().size()); // ERR and MIS have one count, not one per CPU
        assertEquals("", err.description());
        assertEquals("Local timer interrupts", t.counters().get("LOC").description());
        assertEquals(2, t.counters().get("LOC").counts().size());
    }

    @Test
    void mlx5TwelveCpusWithoutHeader() {
        InterruptTable t = InterruptTable.parse(Captures.driver("mlx5_core", "proc-interrupts-grep-mlx.txt"));
        assertEquals(List.of(), t.cpus());
        assertEquals(15, t.irqs().size());
        InterruptTable.Irq irq114 = t.irqs().get(114);
        assertEquals(List.of(0L, 0L, 0L, 0L, 0L, 0L, 10L, 0L, 1024467L, 0L, 0L, 0L), irq114.perCpu());
        assertEquals(1024477L, irq114.total());
        assertEquals("IR-PCI-MSIX-0000:01:00.0", irq114.chip());
        assertEquals("7-edge", irq114.hwirq());
        assertEquals(List.of("mlx5_comp6@pci:0000:01:00.0"), irq114.actions());
        assertEquals("10-edge", t.irqs().get(117).hwirq());
    }

    @Test
    void enaVectorsWithoutActionName() {
        InterruptTable t = InterruptTable.parse(Captures.driver("ena", "proc-interrupts-partial.txt"));
        assertEquals(List.of("ena-mgmnt@pci:0000:27:00.0"), t.irqs().get(65).actions());
        assertEquals(List.of("enp39s0-Tx-Rx-0"), t.irqs().get(66).actions());
        InterruptTable.Irq bare = t.irqs().get(67);
        assertEquals(List.of(0L, 163L, 0L, 1L), bare.perCpu());
        assertEquals("PCI-MSIX-0000:27:00.0", bare.chip());
        assertEquals("2-edge", bare.hwirq());
        assertEquals(List.of(), bare.actions());
        assertEquals(List.of(1544473L, 58L, 62L, 1131674L), t.counters().get("LOC").counts());
        assertEquals(8, t.counters().size());
    }

    @Test
    void oldKernelFormatWithTypeInChipName() {
        InterruptTable t = InterruptTable.parse(Captures.driver("unattributed", "proc-interrupts-old-format.txt"));
        assertEquals(List.of(0, 1, 2, 3), t.cpus());
        InterruptTable.Irq irq66 = t.irqs().get(66);
        assertEquals("IR-PCI-MSI-edge", irq66.chip());
        assertEquals("", irq66.hwirq());
        assertEquals(List.of("eth0-TxRx-0"), irq66.actions());
        assertEquals(863649703L, irq66.perCpu().get(0));
        assertEquals(List.of("aacraid"), t.irqs().get(30).actions());
        assertEquals(List.of(2913290785L, 1585321306L, 1495872829L, 1803524526L), t.counters().get("LOC").counts());
    }

    @Test
    void sharedLegacyIrqListsEveryAction() {
        // verbatim rows from GitHub geerlingguy/raspberry-pi-pcie-devices issue #3 (8 CPUs)
        InterruptTable t = InterruptTable.parse(
                "           CPU0       CPU1       CPU2       CPU3       CPU4       CPU5       CPU6       CPU7       \n"
                + " 18:          0          0          0          0         56          0          0          0   IO-APIC  18-fasteoi   ehci_hcd:usb1, uhci_hcd:usb7, uhci_hcd:usb10, i801_smbus\n");
        assertEquals(List.of("ehci_hcd:usb1", "uhci_hcd:usb7", "uhci_hcd:usb10", "i801_smbus"), t.irqs().get(18).actions());
        assertEquals("18-fasteoi", t.irqs().get(18).hwirq());
        assertEquals(56L, t.irqs().get(18).total());
    }

    @Test
    void armLevelColumnAndSpacesInActionName() {
        // verbatim rows from GitHub raspberrypi/linux issue #5255 (GICv3, 4 CPUs)
        InterruptTable t = InterruptTable.parse("           CPU0       CPU1       CPU2       CPU3\n"
                + "  9:          0          0          0          0     GICv3  25 Level     vgic\n"
                + " 12:          0          0          0          0     GICv3  27 Level     kvm guest vtimer\n");
        assertEquals("GICv3", t.irqs().get(12).chip());
        assertEquals("27 Level", t.irqs().get(12).hwirq());
        assertEquals(List.of("kvm guest vtimer"), t.irqs().get(12).actions());
        assertEquals(List.of("vgic"), t.irqs().get(9).actions());
    }

    @Test
    void offlineCpusLeaveGapsInTheHeader() {
        InterruptTable t = InterruptTable.parse("           CPU0       CPU2\n 30:          5          7  PCI-MSI 1-edge      eth0-TxRx-0\n");
        assertEquals(List.of(0, 2), t.cpus());
        assertEquals(List.of(5L, 7L), t.irqs().get(30).perCpu());
    }

    @Test
    void emptyIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> InterruptTable.parse("cat: /proc/interrupts: No such file or directory\n"));
    }

    @Test
    void anIrqNumberNoIntHoldsIsASkippedLineNotAnException() {
        InterruptTable t = InterruptTable.parse("           CPU0       CPU1\n"
                + " 30:          5          7  PCI-MSI 1-edge      eth0-TxRx-0\n"
                + " 99999999999:          1          2  PCI-MSI 2-edge      eth0-TxRx-1\n"
                + " 31:  99999999999999999999999          8  PCI-MSI 3-edge      eth0-TxRx-2\n"
                + "\u0000\u00ff\ufffd:\u0001 garbage\n");
        assertEquals(List.of(30, 31), List.copyOf(t.irqs().keySet()));
        assertEquals(List.of(5L, 7L), t.irqs().get(30).perCpu());
        assertEquals(List.of(), t.irqs().get(31).perCpu()); // a count no long holds ends the counts
    }

    @Test
    void aCpuIdNoIntHoldsMakesTheTableUnreadable() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> InterruptTable.parse(
                "           CPU0       CPU99999999999\n 30:          5          7  PCI-MSI 1-edge      eth0-TxRx-0\n"));
        assertEquals("bad CPU header in /proc/interrupts: CPU99999999999", e.getMessage());
    }
}
