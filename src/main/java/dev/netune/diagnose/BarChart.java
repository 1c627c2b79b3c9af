package dev.netune.diagnose;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;

/** A per-CPU text bar chart: one line per CPU, a bar scaled to the largest value, the rate and share. */
final class BarChart {
    static final int WIDTH = 30;
    /** Beyond this many CPUs only the busiest are drawn (a 256-CPU chart would bury the finding). */
    static final int MAX_ROWS = 16;

    private BarChart() {
    }

    /** {@code CPU0  ##############   1200/s  60%} per CPU; values are growth over {@code seconds}. */
    static List<String> perCpu(SortedMap<Integer, Long> deltas, double seconds) {
        long max = deltas.values().stream().mapToLong(Long::longValue).max().orElse(0);
        long total = deltas.values().stream().mapToLong(Long::longValue).sum();
        List<Map.Entry<Integer, Long>> rows = new ArrayList<>(deltas.entrySet());
        int hidden = 0;
        if (rows.size() > MAX_ROWS) {
            rows.sort(Map.Entry.<Integer, Long>comparingByValue().reversed());
            hidden = rows.size() - MAX_ROWS;
            rows = new ArrayList<>(rows.subList(0, MAX_ROWS));
            rows.sort(Map.Entry.comparingByKey());
        }
        int label = rows.stream().mapToInt(e -> ("CPU" + e.getKey()).length()).max().orElse(4);
        List<String> out = new ArrayList<>();
        for (Map.Entry<Integer, Long> e : rows) {
            int len = max == 0 ? 0 : (int) Math.round((double) e.getValue() * WIDTH / max);
            if (len == 0 && e.getValue() > 0) {
                len = 1; // a CPU that took any is visible
            }
            String name = "CPU" + e.getKey();
            out.add(name + " ".repeat(label - name.length()) + " " + "#".repeat(len) + " ".repeat(WIDTH - len) + " "
                    + String.format(Locale.ROOT, "%8s/s %3.0f%%", Evidence.rate(e.getValue() / seconds),
                            total == 0 ? 0.0 : 100.0 * e.getValue() / total));
        }
        if (hidden > 0) {
            out.add("(" + hidden + " quieter CPUs not drawn)");
        }
        return out;
    }
}
