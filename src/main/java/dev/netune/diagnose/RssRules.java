package dev.netune.diagnose;

import static dev.netune.diagnose.Diagnoser.IRQ_MIN_RATE;
import static dev.netune.diagnose.Diagnoser.delta;

import dev.netune.fact.nic.InterruptTable;
import dev.netune.fact.nic.NicFacts;
import dev.netune.fact.nic.QueueIrq;
import dev.netune.fact.nic.RssInfo;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * Diagnosis rule for receive queues that share the interrupts unevenly although their IRQs do
 * not pile onto one CPU (that is {@code irq-one-cpu}): more queues cannot fix it, the RSS
 * indirection table decides which queue a flow goes to.
 */
final class RssRules {
    /** Below this share on the CPU that takes most, the IRQs are spread: irq-one-cpu stays quiet. */
    private static final double ONE_CPU = 0.9;

    private RssRules() {
    }

    static void imbalance(CounterFacts f, double s, List<Finding> out) {
        if (f.first().interrupts().isEmpty() || f.second().interrupts().isEmpty()) {
            return;
        }
        InterruptTable a = f.first().interrupts().get();
        InterruptTable b = f.second().interrupts().get();
        for (NicFacts nic : f.nics().values()) {
            SortedMap<Integer, Long> perQueue = new TreeMap<>();
            Map<Integer, Long> perCpu = new TreeMap<>();
            for (QueueIrq q : nic.queueIrqs()) {
                InterruptTable.Irq i1 = a.irqs().get(q.irq());
                InterruptTable.Irq i2 = b.irqs().get(q.irq());
                if (q.kind() == QueueIrq.Kind.TX || i1 == null || i2 == null) {
                    continue;
                }
                for (int c = 0; c < i1.perCpu().size() && c < i2.perCpu().size(); c++) {
                    long d = delta(i1.perCpu().get(c), i2.perCpu().get(c));
                    perQueue.merge(q.queue(), d, Long::sum);
                    perCpu.merge(c, d, Long::sum);
                }
            }
            Optional<RssInfo> rss = nic.rss().value().filter(r -> !r.table().isEmpty());
            // only the queues RSS feeds: a driver keeps vectors for queues not in use (virtio's max pairs)
            int queues = rss.flatMap(r -> r.rings().isPresent() ? Optional.of(r.rings().getAsInt()) : Optional.empty())
                    .orElse(perQueue.size());
            perQueue.keySet().removeIf(q -> q >= queues);
            long total = perQueue.values().stream().mapToLong(Long::longValue).sum();
            long topCpu = perCpu.values().stream().mapToLong(Long::longValue).max().orElse(0);
            if (queues < 2 || total == 0 || total / s < IRQ_MIN_RATE || (double) topCpu / total >= ONE_CPU) {
                continue;
            }
            int hot = perQueue.entrySet().stream().max(Map.Entry.comparingByValue()).get().getKey();
            double share = (double) perQueue.get(hot) / total;
            if (share < Math.max(0.6, 1.5 / queues)) {
                continue;
            }
            Evidence ev = new Evidence("/proc/interrupts " + nic.name() + " rx queue IRQs", total, total / s,
                    "grow " + Evidence.rate(total / s) + "/s, " + pct(share) + " of them from queue " + hot
                            + " (of " + queues + " queues)");
            if (rss.isEmpty()) {
                continue; // no table to read: nothing netune can propose
            }
            List<Integer> table = rss.get().table();
            long buckets = table.stream().filter(q -> q == hot).count();
            double tableShare = (double) buckets / table.size();
            boolean even = IntStream.range(0, table.size()).allMatch(i -> table.get(i) == i % queues);
            if (even) {
                out.add(new Finding(Severity.INFO, "rss-flow-imbalance", "a few flows dominate the receive queues of "
                        + nic.name(), List.of(ev), "",
                        "queue " + hot + " of " + nic.name() + " takes " + pct(share) + " of the receive interrupts although"
                                + " the indirection table spreads the hash buckets evenly over " + queues + " queues:"
                                + " a few heavy flows hash there, and RSS never splits one flow. More flows"
                                + " (connections) spread; a different hkey only moves them", List.of()));
                continue;
            }
            out.add(new Finding(Severity.WARNING, "rss-imbalance", "the RSS table of " + nic.name()
                    + " sends most flows to one queue", List.of(ev, Evidence.level("ethtool -x " + nic.name(), buckets,
                            buckets + " of " + table.size() + " hash buckets go to queue " + hot)),
                    "rss on " + nic.name() + " -> equal " + queues,
                    "rss {equal: " + queues + "} on " + nic.name() + " because queue " + hot + " takes " + pct(share)
                            + " of the receive interrupts and the indirection table gives it " + pct(tableShare)
                            + " of the hash buckets: an even table spreads the flows over all " + queues
                            + " queues (drop this if queue " + hot + " was kept for a flow on purpose)",
                    List.of(new Suggestion.Nic(nic.name(), "rss", Map.of("equal", Integer.toString(queues))))));
        }
    }

    private static String pct(double share) {
        return String.format(Locale.ROOT, "%.0f%%", share * 100);
    }
}
