package dev.netune.diagnose;

import static dev.netune.diagnose.Diagnoser.delta;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** Diagnosis rule for receive work piling onto few CPUs: the NET_RX softirq per CPU. */
final class CpuRules {
    /** NET_RX softirqs per second below which their distribution does not matter. */
    static final double NET_RX_MIN_RATE = 1000;
    /** Share of one CPU from which the distribution is the finding. */
    static final double ONE_CPU_SHARE = 0.8;

    private CpuRules() {
    }

    static void netRx(CounterFacts f, double s, List<Finding> out) {
        SortedMap<Integer, Long> deltas = new TreeMap<>();
        for (Map.Entry<Integer, Long> e : f.second().netRx().entrySet()) {
            Long before = f.first().netRx().get(e.getKey());
            if (before != null) {
                deltas.put(e.getKey(), delta(before, e.getValue()));
            }
        }
        if (deltas.size() < 2) {
            return;
        }
        long total = deltas.values().stream().mapToLong(Long::longValue).sum();
        Map.Entry<Integer, Long> top = deltas.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
        double share = total == 0 ? 0 : (double) top.getValue() / total;
        if (total / s < NET_RX_MIN_RATE || share < ONE_CPU_SHARE) {
            return;
        }
        Evidence ev = new Evidence("/proc/softirqs NET_RX", total, total / s, "grows " + Evidence.rate(total / s) + "/s, "
                + String.format(Locale.ROOT, "%.0f", share * 100) + "% of it on CPU" + top.getKey() + " (of "
                + deltas.size() + " CPUs)");
        out.add(new Finding(Severity.WARNING, "softirq-one-cpu", "receive processing runs on one CPU", List.of(ev),
                "rps on the receiving NICs -> the other CPUs",
                "NET_RX softirqs run on the CPU that took the NIC interrupt (or that RPS chose): with one busy CPU the"
                        + " host receives at the speed of that CPU; spread the queue IRQs (more channels, irqAffinity)"
                        + " or, for single-queue NICs, turn on RPS (see the NIC interrupt findings for which)",
                List.of()).withChart(BarChart.perCpu(deltas, s)));
    }
}
