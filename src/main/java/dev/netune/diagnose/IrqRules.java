package dev.netune.diagnose;

import dev.netune.fact.nic.ChannelInfo;
import dev.netune.fact.nic.InterruptTable;
import dev.netune.fact.nic.NicFacts;
import dev.netune.fact.nic.QueueIrq;
import static dev.netune.diagnose.Diagnoser.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
/** Diagnosis rule for interrupt load: NIC IRQs piling onto few CPUs. */
final class IrqRules {
    private IrqRules() {
    }

    // ---- IRQ load per CPU ----

    static void irqs(CounterFacts f, double s, List<Finding> out) {
        if (f.first().interrupts().isEmpty() || f.second().interrupts().isEmpty()) {
            return;
        }
        InterruptTable a = f.first().interrupts().get();
        InterruptTable b = f.second().interrupts().get();
        List<Integer> cpus = b.cpus();
        if (cpus.size() < 2) {
            return;
        }
        for (NicFacts nic : f.nics().values()) {
            if (nic.queueIrqs().isEmpty()) {
                continue;
            }
            long[] perCpu = new long[cpus.size()];
            for (QueueIrq q : nic.queueIrqs()) {
                InterruptTable.Irq i1 = a.irqs().get(q.irq());
                InterruptTable.Irq i2 = b.irqs().get(q.irq());
                if (i1 == null || i2 == null) {
                    continue;
                }
                for (int c = 0; c < perCpu.length && c < i2.perCpu().size() && c < i1.perCpu().size(); c++) {
                    perCpu[c] += delta(i1.perCpu().get(c), i2.perCpu().get(c));
                }
            }
            long total = 0;
            int top = 0;
            for (int c = 0; c < perCpu.length; c++) {
                total += perCpu[c];
                if (perCpu[c] > perCpu[top]) {
                    top = c;
                }
            }
            double rate = total / s;
            double share = total == 0 ? 0 : (double) perCpu[top] / total;
            if (rate < IRQ_MIN_RATE || share < 0.9) {
                continue;
            }
            Evidence ev = new Evidence("/proc/interrupts " + nic.name() + " queue IRQs " + nic.queueIrqs().stream()
                    .map(QueueIrq::irq).distinct().sorted().toList(), total, rate,
                    "grow " + Evidence.rate(rate) + "/s, " + String.format(Locale.ROOT, "%.0f", share * 100)
                            + "% of them on CPU" + cpus.get(top) + " (of " + cpus.size() + " CPUs)");
            List<Suggestion> sug = new ArrayList<>();
            String knob;
            String reason;
            long vectors = nic.queueIrqs().stream().map(QueueIrq::irq).distinct().count();
            Optional<ChannelInfo> ch = nic.channels().value();
            if (vectors >= 2) {
                sug.add(new Suggestion.Nic(nic.name(), "irqAffinity", Map.of("policy", "spread")));
                sug.add(new Suggestion.Irqbalance(false));
                knob = "irqAffinity on " + nic.name() + " -> spread; irqbalance -> disabled";
                reason = "spread the " + vectors + " queue IRQs of " + nic.name() + " over the CPUs because one CPU takes "
                        + String.format(Locale.ROOT, "%.0f", share * 100) + "% of " + Evidence.rate(rate)
                        + " interrupts/s: RSS gives each queue its own IRQ, but they only help on different CPUs;"
                        + " netune pins them, so irqbalance must stop moving them (or run irqbalance alone instead)";
            } else if (ch.isPresent() && ch.get().usesCombined() && ch.get().combined().orElse(1) < ch.get().combinedMax().getAsInt()) {
                int max = ch.get().combinedMax().getAsInt();
                sug.add(new Suggestion.Nic(nic.name(), "channels", Map.of("combined", Integer.toString(max))));
                sug.add(new Suggestion.Nic(nic.name(), "irqAffinity", Map.of("policy", "spread")));
                sug.add(new Suggestion.Irqbalance(false));
                knob = "channels combined on " + nic.name() + " " + ch.get().combined().orElse(1) + " -> " + max
                        + ", irqAffinity -> spread";
                reason = nic.name() + " receives on one queue whose IRQ lands on one CPU (" + Evidence.rate(rate)
                        + "/s): more queues (RSS) and their IRQs spread over the CPUs share the work";
            } else {
                String all = cpus.get(0) + "-" + cpus.get(cpus.size() - 1);
                sug.add(new Suggestion.Nic(nic.name(), "rps", Map.of("cpus", all)));
                knob = "rps on " + nic.name() + " -> cpus " + all;
                reason = nic.name() + " has a single queue and its IRQ lands on one CPU (" + Evidence.rate(rate)
                        + "/s): RPS hands the protocol work of received packets to the other CPUs";
            }
            SortedMap<Integer, Long> chart = new TreeMap<>();
            for (int c = 0; c < perCpu.length; c++) {
                chart.put(cpus.get(c), perCpu[c]);
            }
            out.add(new Finding(Severity.WARNING, "irq-one-cpu", "the NIC interrupts of " + nic.name() + " land on one CPU",
                    List.of(ev), knob, reason, sug).withChart(BarChart.perCpu(chart, s)));
        }
    }
}
