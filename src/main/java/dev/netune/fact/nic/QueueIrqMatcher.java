package dev.netune.fact.nic;

import dev.netune.fact.HostNumbers;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * Which names a driver uses is data: {@link QueueIrqNaming#TABLE}.
 */
final class QueueIrqMatcher {

    private QueueIrqMatcher() {
    }

    /** One name matched by a table row, before its number is turned into a queue index. */
    private record Hit(int irq, String name, QueueIrqNaming row, QueueIrq.Kind kind, int n) {
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

        Map<QueueIrqNaming, Pattern> rows = new LinkedHashMap<>();
        for (QueueIrqNaming row : QueueIrqNaming.forDriver(driver)) {
            if (!row.ownedOnly() || owned) {
                row.pattern(iface, pci, virtio).ifPresent(p -> rows.put(row, p));
            }
        }
        List<Hit> hits = new ArrayList<>();
        for (InterruptTable.Irq irq : candidates) {
            first(irq, rows).ifPresent(hits::add);
        }
        int rxQueues = sys == null ? 0 : sys.rxQueues();
        List<QueueIrq> out = number(hits, rxQueues);
        out.sort(Comparator.comparing(QueueIrq::kind).thenComparingInt(QueueIrq::queue).thenComparingInt(QueueIrq::irq));
        return List.copyOf(out);
    }

    /** The first action name of an IRQ that a row matches. */
    private static Optional<Hit> first(InterruptTable.Irq irq, Map<QueueIrqNaming, Pattern> rows) {
        for (String name : irq.actions()) {
            for (Map.Entry<QueueIrqNaming, Pattern> r : rows.entrySet()) {
                Matcher m = r.getValue().matcher(name);
                if (!m.matches()) {
                    continue;
                }
                QueueIrqNaming row = r.getKey();
                String kind = row.template().contains("(?<kind>") ? m.group("kind") : null;
                if (row.numbering() == QueueIrqNaming.Numbering.BARE) {
                    return Optional.of(new Hit(irq.irq(), name, row, row.kindOf(null), irq.irq()));
                }
                OptionalInt n = HostNumbers.decimalInt(m.group("n"));
                if (n.isPresent()) { // a number no int holds is not a queue of ours
                    return Optional.of(new Hit(irq.irq(), name, row, row.kindOf(kind), n.getAsInt()));
                }
            }
        }
        return Optional.empty();
    }

    /** Turns each hit's number into a queue index as its row's numbering says. */
    private static List<QueueIrq> number(List<Hit> hits, int rxQueues) {
        List<QueueIrq> out = new ArrayList<>();
        Map<String, List<Hit>> groups = new LinkedHashMap<>();
        for (Hit h : hits) {
            groups.computeIfAbsent(h.row().driver() + "/" + h.row().template() + "/" + h.kind(), k -> new ArrayList<>()).add(h);
        }
        for (List<Hit> group : groups.values()) {
            group.sort(Comparator.comparingInt(Hit::n));
            QueueIrqNaming.Numbering numbering = group.get(0).row().numbering();
            for (int i = 0; i < group.size(); i++) {
                Hit h = group.get(i);
                switch (numbering) {
                    case QUEUE -> out.add(new QueueIrq(h.irq(), h.kind(), h.n(), h.name()));
                    case ONE_BASED -> {
                        if (h.n() >= 1) {
                            out.add(new QueueIrq(h.irq(), h.kind(), h.n() - 1, h.name()));
                        }
                    }
                    case VECTOR -> out.add(new QueueIrq(h.irq(), h.kind(), i, h.name()));
                    case HALVES -> {
                        int half = group.size() / 2;
                        out.add(i < half
                                ? new QueueIrq(h.irq(), QueueIrq.Kind.TX, i, h.name())
                                : new QueueIrq(h.irq(), QueueIrq.Kind.RX, i - half, h.name()));
                    }
                    case BARE -> {
                        // later vectors with the bare name (link state) are not queues
                        if (rxQueues == 0 || i < rxQueues) {
                            out.add(new QueueIrq(h.irq(), h.kind(), i, h.name()));
                        }
                    }
                }
            }
        }
        return out;
    }
}
