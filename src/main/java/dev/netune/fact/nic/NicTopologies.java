package dev.netune.fact.nic;

import dev.netune.fact.CpuSet;
import dev.netune.fact.TextFact;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Every NIC's link, transmit queueing and queue-to-CPU picture, rendered for the facts command
 * as one summary line per NIC, a queue x CPU grid and the RPS/XPS masks as CPU lists.
 *
 * @param cpus the online CPUs as {@code /proc/interrupts} lists them (the grid's columns)
 */
public record NicTopologies(SortedMap<String, NicTopology> nics, List<Integer> cpus) implements TextFact {
    public NicTopologies {
        nics = Collections.unmodifiableSortedMap(new TreeMap<>(nics));
        cpus = List.copyOf(cpus);
    }

    @Override
    public String toText() {
        StringBuilder sb = new StringBuilder();
        for (NicTopology n : nics.values()) {
            sb.append(n.name()).append(": ").append(summary(n)).append('\n');
            if (!n.queueIrqs().isEmpty()) {
                QueueGrid.render(n.queueIrqs(), cpus, sb);
            }
            masks("RPS", n.rps(), "rps_cpus", n.unreadable(), sb);
            masks("XPS", n.xps(), "xps_cpus", n.unreadable(), sb);
        }
        return sb.toString();
    }

    private static String summary(NicTopology n) {
        List<String> parts = new ArrayList<>();
        if (n.speed().isPresent()) {
            parts.add("link " + n.speed().getAsInt() + " Mb/s" + n.duplex().map(d -> " " + d).orElse(""));
        } else {
            parts.add("link speed unknown" + reason(n.unreadable(), "speed"));
        }
        n.txqueuelen().ifPresent(q -> parts.add("txqueuelen " + q));
        parts.add(n.qdisc().map(q -> q.startsWith("qdisc ") ? q.substring(6) : q).map(q -> "qdisc " + q)
                .orElse("qdisc unknown"));
        n.numaNode().ifPresent(x -> parts.add("NUMA node " + x));
        n.localCpus().ifPresent(c -> parts.add("local CPUs " + c));
        return String.join(", ", parts);
    }

    private static String reason(Map<String, String> unreadable, String key) {
        String r = unreadable.get(key);
        return r == null ? "" : " (" + r + ")";
    }

    /** "RPS: rx-0..3 off" when all queues agree, else each queue's CPUs. */
    private static void masks(String label, SortedMap<String, String> masks, String file,
                              Map<String, String> unreadable, StringBuilder sb) {
        if (masks.isEmpty()) {
            return;
        }
        Set<String> distinct = new LinkedHashSet<>();
        List<String> each = new ArrayList<>();
        masks.forEach((q, m) -> {
            String cpus = cpus(m) + (m.equals("-") ? reason(unreadable, q + "/" + file) : "");
            distinct.add(cpus);
            each.add(q + " " + cpus);
        });
        sb.append("  ").append(label).append(": ");
        if (distinct.size() == 1 && masks.size() > 1) {
            sb.append("all ").append(masks.size()).append(' ').append(masks.firstKey().replaceAll("-\\d+$", ""))
                    .append(" queues ").append(distinct.iterator().next());
        } else {
            sb.append(String.join(", ", each));
        }
        sb.append('\n');
    }

    /** A hex mask as "CPUs 0-3", "off" for 0, or the raw text when it is no mask ("-": unreadable). */
    static String cpus(String mask) {
        try {
            CpuSet s = CpuSet.parseMask(mask);
            return s.isEmpty() ? "off" : "CPUs " + s.toList();
        } catch (IllegalArgumentException e) {
            return mask.equals("-") ? "unreadable" : mask;
        }
    }
}
