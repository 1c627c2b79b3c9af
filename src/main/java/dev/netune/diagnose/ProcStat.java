package dev.netune.diagnose;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Pure parsers of the per-CPU tables diagnose reads besides {@link ProcNet}'s: {@code /proc/softirqs}
 * and {@code /proc/net/stat/nf_conntrack}. A table without the expected header is unreadable
 * (an exception whose message says why), never a half-read one.
 */
final class ProcStat {
    private ProcStat() {
    }

    /**
     * The NET_RX row of {@code /proc/softirqs}: a header {@code CPU0 CPU1 ...} (online CPUs only,
     * so ids may have gaps), then {@code NET_RX: n0 n1 ...}.
     */
    static SortedMap<Integer, Long> netRx(String text) {
        List<Integer> cpus = new ArrayList<>();
        for (String line : text.split("\n")) {
            String t = line.trim();
            if (t.startsWith("CPU")) {
                for (String w : t.split("\\s+")) {
                    cpus.add(Integer.parseInt(w.substring(3)));
                }
            } else if (t.startsWith("NET_RX:")) {
                String[] w = t.substring(7).trim().split("\\s+");
                if (cpus.isEmpty() || w.length < cpus.size()) {
                    throw new IllegalArgumentException("NET_RX has " + w.length + " columns for " + cpus.size() + " CPUs");
                }
                SortedMap<Integer, Long> out = new TreeMap<>();
                for (int i = 0; i < cpus.size(); i++) {
                    out.put(cpus.get(i), Long.parseLong(w[i]));
                }
                return out;
            }
        }
        throw new IllegalArgumentException("no NET_RX row");
    }

    /**
     * {@code /proc/net/stat/nf_conntrack}: a header of column names, then one row of hex numbers per
     * possible CPU. Each column is summed over the rows except {@code entries}, which every row
     * repeats (the table's size). The columns differ between kernels, so they are read by name.
     */
    static Map<String, Long> conntrack(String text) {
        String[] lines = text.trim().split("\n");
        if (lines.length < 2 || !lines[0].trim().startsWith("entries")) {
            throw new IllegalArgumentException("no entries header");
        }
        String[] names = lines[0].trim().split("\\s+");
        Map<String, Long> out = new LinkedHashMap<>();
        for (int r = 1; r < lines.length; r++) {
            String[] v = lines[r].trim().split("\\s+");
            if (v.length != names.length) {
                continue;
            }
            for (int c = 0; c < names.length; c++) {
                long n = Long.parseUnsignedLong(v[c], 16);
                out.merge(names[c], n, names[c].equals("entries") ? (a, b) -> b : Long::sum);
            }
        }
        return out;
    }
}
