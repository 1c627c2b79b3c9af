package dev.netune.fact.nic;

import dev.netune.fact.HostNumbers;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the IRQs of a NIC's queues by their action names in {@code /proc/interrupts}.
 *
 * <p>Each driver names its vectors its own way, and the names are the only place that says which
 * vector serves which queue. When sysfs lists the device's MSI vectors ({@code msi_irqs}) only
 * those are considered, so a name that merely looks right on another device is never taken;
 * without that list (legacy INTx, or a host that hides it) a name must carry the interface, the
 * virtio device or the PCI address. Config, admin, async and "other" vectors never match.
 */
final class QueueIrqMatcher {
    // ixgbe/igb/bnxt "eth0-TxRx-0", e1000e "eth0-rx-0"/"eth0-tx-0", i40e/ice "i40e-eth0-TxRx-0",
    // ena "ens5-Tx-Rx-0" (older: "ena-Tx-Rx-0")
    private static final Pattern NAMED = Pattern.compile("^(?<prefix>.+?)-(?<kind>TxRx|Tx-Rx|txrx|rx|tx|Rx|Tx|RX|TX)-(?<n>\\d+)$");
    private static final Pattern VIRTIO = Pattern.compile("^(?<dev>virtio\\d+)-(?<dir>input|output)\\.(?<n>\\d+)$");
    private static final Pattern MLX5 = Pattern.compile("^mlx5_comp(?<n>\\d+)(?:@pci:(?<pci>\\S+))?$");

    private QueueIrqMatcher() {
    }

    static List<QueueIrq> match(String iface, SysInfo sys, Optional<DriverInfo> info, InterruptTable table) {
        if (table == null) {
            return List.of();
        }
        boolean owned = sys != null && !sys.msiIrqs().isEmpty();
        Collection<InterruptTable.Irq> candidates = owned
                ? sys.msiIrqs().stream().map(table.irqs()::get).filter(java.util.Objects::nonNull).toList()
                : table.irqs().values();
        Optional<String> pci = info.flatMap(DriverInfo::busInfo)
                .or(() -> sys == null ? Optional.empty() : sys.bus().filter(b -> b.contains(":")))
                .or(() -> sys == null ? Optional.empty() : sys.parentBus());
        Optional<String> virtio = sys == null ? Optional.empty() : sys.bus().filter(b -> b.startsWith("virtio"));
        Optional<String> driver = info.map(DriverInfo::driver).or(() -> sys == null ? Optional.empty() : sys.driver());

        List<QueueIrq> out = new ArrayList<>();
        for (InterruptTable.Irq irq : candidates) {
            for (String name : irq.actions()) {
                Optional<QueueIrq> q = classify(irq.irq(), name, iface, owned, pci, virtio, driver);
                if (q.isPresent()) {
                    out.add(q.get());
                    break;
                }
            }
        }
        out.sort(Comparator.comparing(QueueIrq::kind).thenComparingInt(QueueIrq::queue).thenComparingInt(QueueIrq::irq));
        return List.copyOf(out);
    }

    private static Optional<QueueIrq> classify(int irq, String name, String iface, boolean owned,
            Optional<String> pci, Optional<String> virtio, Optional<String> driver) {
        Matcher v = VIRTIO.matcher(name);
        if (v.matches()) {
            if (virtio.isEmpty() || !virtio.get().equals(v.group("dev"))) {
                return Optional.empty();
            }
            QueueIrq.Kind kind = v.group("dir").equals("input") ? QueueIrq.Kind.RX : QueueIrq.Kind.TX;
            return queue(v).map(q -> new QueueIrq(irq, kind, q, name));
        }
        Matcher x = MLX5.matcher(name);
        if (x.matches()) {
            String at = x.group("pci");
            boolean mine = at == null ? owned : pci.isPresent() && pci.get().equals(at);
            return mine
                    ? queue(x).map(q -> new QueueIrq(irq, QueueIrq.Kind.COMBINED, q, name))
                    : Optional.empty();
        }
        Matcher n = NAMED.matcher(name);
        if (n.matches()) {
            String prefix = n.group("prefix");
            boolean mine = prefix.equals(iface)
                    || prefix.endsWith("-" + iface)
                    || (owned && driver.isPresent() && prefix.equals(driver.get()));
            if (!mine) {
                return Optional.empty();
            }
            QueueIrq.Kind kind = switch (n.group("kind").toLowerCase(java.util.Locale.ROOT)) {
                case "rx" -> QueueIrq.Kind.RX;
                case "tx" -> QueueIrq.Kind.TX;
                default -> QueueIrq.Kind.COMBINED;
            };
            return queue(n).map(q -> new QueueIrq(irq, kind, q, name));
        }
        return Optional.empty();
    }

    /** The queue number in an action name; one no int holds is not a queue of ours. */
    private static Optional<Integer> queue(Matcher m) {
        OptionalInt n = HostNumbers.decimalInt(m.group("n"));
        return n.isPresent() ? Optional.of(n.getAsInt()) : Optional.empty();
    }
}
