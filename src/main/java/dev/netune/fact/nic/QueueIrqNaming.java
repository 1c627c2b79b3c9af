package dev.netune.fact.nic;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How one driver names its queue vectors in {@code /proc/interrupts}: the table the matcher reads.
 *
 * <p>Each row is taken from the driver's {@code request_irq} name format and checked against a
 * real capture under {@code src/test/resources/captures/drivers/<driver>/} (its SOURCE.txt says
 * where each capture comes from, or that only the source was available). A template names what
 * ties a vector to the NIC: {@code {iface}} the interface name, {@code {pci}} its PCI address,
 * {@code {virtio}} its virtio device; a row with none of them is taken only from the device's own
 * MSI vectors ({@code msi_irqs}). Groups: {@code kind} (direction word), {@code n} (the number).
 *
 * <p>hv_netvsc has no row: its queues are VMBus channels without an IRQ of their own (see
 * {@link #UNSTEERABLE}).
 */
record QueueIrqNaming(String driver, String template, Numbering numbering, QueueIrq.Kind kind, boolean ownedOnly) {

    /** What the number in a name means. */
    enum Numbering {
        /** the queue index ({@code eth0-TxRx-3} serves queue 3) */
        QUEUE,
        /** the queue index plus one ({@code mlx4-1@...} serves queue 0) */
        ONE_BASED,
        /** the vector index: queues are numbered in order within each direction (vmxnet3, tg3) */
        VECTOR,
        /** notify blocks: the lower half serve TX queues, the upper half RX queues (gve) */
        HALVES,
        /** no number: every queue vector carries just the interface name, in queue order (atlantic) */
        BARE
    }

    /** Drivers whose queues have no IRQ that affinity could steer, with the reason. */
    static final java.util.Map<String, String> UNSTEERABLE = java.util.Map.of(
            "hv_netvsc", "hv_netvsc queues are VMBus channels, not MSI-X vectors: IRQ affinity cannot steer them."
                    + " Their CPU is /sys/bus/vmbus/devices/<id>/channels/<relid>/cpu, writable since Linux 5.8"
                    + " on hosts with VMBus protocol 4.1 or later (Windows Server 2019, Azure); netune does not write it");

    private static final String INTEL = "-(?<kind>TxRx|rx|tx)-(?<n>\\d+)";

    static final List<QueueIrqNaming> TABLE = List.of(
            // ixgbe/igb/igc "%s-TxRx-%u", "%s-rx-%u", "%s-tx-%u"; the other (link) vector is the bare name
            row("ixgbe", "{iface}" + INTEL, Numbering.QUEUE),
            row("igb", "{iface}" + INTEL, Numbering.QUEUE),
            row("igc", "{iface}" + INTEL, Numbering.QUEUE),
            // i40e/ice/iavf "<driver>-<iface>-TxRx-N"; misc vectors "<driver>-<pci>:misc"; out-of-tree
            // ice 1.16 puts two queues on one vector: "ice-ens2f1-TxRx-0-1"
            row("i40e", "i40e-{iface}" + INTEL, Numbering.QUEUE),
            row("ice", "ice-{iface}" + INTEL + "(?:-\\d+)?", Numbering.QUEUE),
            row("iavf", "iavf-{iface}" + INTEL, Numbering.QUEUE),
            // e1000e with MSI-X: "%s-rx-0", "%s-tx-0", and the bare name for link
            row("e1000e", "{iface}-(?<kind>rx|tx)-(?<n>\\d+)", Numbering.QUEUE),
            // mlx4: completion vectors "mlx4-%d@%s" (1-based) shared by the ports of one device
            row("mlx4_en", "mlx4-(?<n>\\d+)@{pci}", Numbering.ONE_BASED),
            row("mlx4_core", "mlx4-(?<n>\\d+)@{pci}", Numbering.ONE_BASED),
            row("mlx5_core", "mlx5_comp(?<n>\\d+)@pci:{pci}", Numbering.QUEUE),
            owned("mlx5_core", "mlx5_comp(?<n>\\d+)", Numbering.QUEUE, QueueIrq.Kind.COMBINED),
            // bnxt_en "%s-%s-%d" with TxRx / rx / tx
            row("bnxt_en", "{iface}" + INTEL, Numbering.QUEUE),
            // ena "%s-Tx-Rx-%d" (older releases: "ena-Tx-Rx-%d", tied only by the device's own vectors)
            row("ena", "{iface}-Tx-Rx-(?<n>\\d+)", Numbering.QUEUE),
            owned("ena", "ena-Tx-Rx-(?<n>\\d+)", Numbering.QUEUE, QueueIrq.Kind.COMBINED),
            // gve "gve-ntfy-blk%d@pci:%s"; block i < n/2 serves TX queue i, the rest RX queue i - n/2
            row("gve", "gve-ntfy-blk(?<n>\\d+)@pci:{pci}", Numbering.HALVES),
            row("virtio_net", "{virtio}-(?<kind>input|output)\\.(?<n>\\d+)", Numbering.QUEUE),
            // vmxnet3 "%s-rxtx-%d" (buddy mode) or "%s-tx-%d" / "%s-rx-%d" numbered by vector; "%s-event-%d" is not a queue
            row("vmxnet3", "{iface}-(?<kind>rxtx|rx|tx)-(?<n>\\d+)", Numbering.VECTOR),
            // sfc "%s%s-%d": "eth0-3" when channels carry both, "eth0-rx-3"/"eth0-tx-3" otherwise; -xdp/-ptp are not
            row("sfc", "{iface}(?:-(?<kind>rx|tx))?-(?<n>\\d+)", Numbering.QUEUE),
            // tg3 "%s-txrx-%d" / "%s-tx-%d" / "%s-rx-%d" numbered by vector; "%s-%d" (vector 0, link) is not a queue
            row("tg3", "{iface}-(?<kind>txrx|rx|tx)-(?<n>\\d+)", Numbering.VECTOR),
            row("be2net", "{iface}-q(?<n>\\d+)", Numbering.QUEUE),
            row("qede", "{iface}-fp-(?<n>\\d+)", Numbering.QUEUE),
            // cxgb4 "%s-Rx%d": the ingress queue of queue set N; "%s-FWeventq", "-ofld", "-rdma" are not
            new QueueIrqNaming("cxgb4", "{iface}-Rx(?<n>\\d+)", Numbering.QUEUE, QueueIrq.Kind.RX, false),
            row("nfp", "{iface}-rxtx-(?<n>\\d+)", Numbering.QUEUE),
            // atlantic requests every queue vector with the interface name alone
            owned("atlantic", "{iface}", Numbering.BARE, QueueIrq.Kind.COMBINED));

    private static QueueIrqNaming row(String driver, String template, Numbering numbering) {
        return new QueueIrqNaming(driver, template, numbering, QueueIrq.Kind.COMBINED, false);
    }

    private static QueueIrqNaming owned(String driver, String template, Numbering numbering, QueueIrq.Kind kind) {
        return new QueueIrqNaming(driver, template, numbering, kind, true);
    }

    /**
     * The rows for a driver; for a driver the table lacks (or none known), every row that needs no
     * driver; none for a driver whose queues have no IRQ.
     */
    static List<QueueIrqNaming> forDriver(Optional<String> driver) {
        if (driver.isPresent() && UNSTEERABLE.containsKey(driver.get())) {
            return List.of(); // whatever a name looks like, it is not this driver's queue
        }
        List<QueueIrqNaming> own = driver.map(d -> TABLE.stream().filter(r -> r.driver.equals(d)).toList()).orElse(List.of());
        return own.isEmpty() ? TABLE.stream().filter(r -> r.numbering != Numbering.BARE).toList() : own;
    }

    /**
     * The pattern for one NIC, its names quoted in; empty when the row needs a name the NIC lacks
     * (no PCI address, no virtio device).
     */
    Optional<Pattern> pattern(String iface, Optional<String> pci, Optional<String> virtio) {
        String p = template;
        if (p.contains("{pci}")) {
            if (pci.isEmpty()) {
                return Optional.empty();
            }
            p = p.replace("{pci}", Pattern.quote(pci.get()));
        }
        if (p.contains("{virtio}")) {
            if (virtio.isEmpty()) {
                return Optional.empty();
            }
            p = p.replace("{virtio}", Pattern.quote(virtio.get()));
        }
        return Optional.of(Pattern.compile(p.replace("{iface}", Pattern.quote(iface))));
    }

    /** The direction a matched kind word means; the row's own kind when the name has none. */
    QueueIrq.Kind kindOf(String word) {
        if (word == null) {
            return kind;
        }
        return switch (word.toLowerCase(java.util.Locale.ROOT)) {
            case "rx", "input" -> QueueIrq.Kind.RX;
            case "tx", "output" -> QueueIrq.Kind.TX;
            default -> QueueIrq.Kind.COMBINED;
        };
    }
}
