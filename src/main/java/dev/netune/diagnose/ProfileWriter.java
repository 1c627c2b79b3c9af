package dev.netune.diagnose;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns suggestions into profile YAML: a flow snippet per finding, and one whole profile (for
 * {@code --write-profile}) that merges every host's suggestions, each value commented with the
 * counters that asked for it.
 *
 * <p>Merging: a sysctl or limit proposed twice takes the larger number; a NIC entry is one per
 * interface name; ring and channel sizes that differ between hosts become {@code max} (each
 * host's own pre-set maximum), so no host gets a size its driver refuses.
 */
public final class ProfileWriter {
    /** The name of the written profile. */
    public static final String PROFILE_NAME = "diagnose-suggestions";
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_.\\-]+");

    private ProfileWriter() {
    }

    /** A YAML scalar: plain when safe, otherwise double-quoted ("10000 65000"). */
    static String scalar(String v) {
        return PLAIN.matcher(v).matches() ? v : "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static String flow(Map<String, String> values) {
        return values.entrySet().stream().map(e -> e.getKey() + ": " + scalar(e.getValue()))
                .collect(Collectors.joining(", ", "{", "}"));
    }

    /** One flow-YAML line per top-level key of the profile, for one finding's suggestions. */
    public static List<String> snippet(List<Suggestion> suggestions) {
        Merged m = new Merged();
        suggestions.forEach(s -> m.add(s, ""));
        List<String> out = new ArrayList<>();
        if (!m.sysctl.isEmpty()) {
            out.add("sysctl: " + flow(values(m.sysctl)));
        }
        if (!m.softirq.isEmpty()) {
            out.add("softirq: " + flow(values(m.softirq)));
        }
        if (!m.nics.isEmpty()) {
            out.add("nics: [" + m.nics.entrySet().stream().map(e -> "{match: {name: " + scalar(e.getKey()) + "}, "
                    + e.getValue().entrySet().stream().map(a -> a.getKey() + ": " + flow(a.getValue()))
                    .collect(Collectors.joining(", ")) + "}").collect(Collectors.joining(", ")) + "]");
        }
        if (m.irqbalance != null) {
            out.add("irqbalance: {enabled: " + m.irqbalance.value + "}");
        }
        if (m.fileMax != null) {
            out.add("limits: {fileMax: " + m.fileMax.value + "}");
        }
        return out;
    }

    /** The whole profile: every host's suggestions merged, commented with their evidence. */
    public static String profile(DiagnoseResult result) {
        Merged m = new Merged();
        List<String> hosts = new ArrayList<>();
        for (HostDiagnosis h : result.hosts()) {
            if (h.failed()) {
                continue;
            }
            hosts.add(h.name());
            for (Finding f : h.findings()) {
                String why = h.name() + ": " + f.evidence().get(0) + (f.knob().isEmpty() ? "" : " => " + f.knob());
                f.suggestions().forEach(s -> m.add(s, why));
            }
        }
        StringBuilder y = new StringBuilder();
        y.append("# Suggested by `netune diagnose` from counters sampled ")
                .append(Evidence.secs(result.intervalSeconds())).append(" s apart on: ")
                .append(hosts.isEmpty() ? "(no host read)" : String.join(", ", hosts)).append(".\n");
        y.append("# Each value is commented with the counter that asked for it. Review, then `netune plan -p` this file.\n");
        y.append("name: ").append(PROFILE_NAME).append('\n');
        y.append("description: Changes proposed by netune diagnose from measured counters\n");
        if (m.isEmpty()) {
            y.append("# no findings: nothing to change\n");
            return y.toString();
        }
        block(y, "sysctl", m.sysctl);
        block(y, "softirq", m.softirq);
        if (!m.nics.isEmpty()) {
            y.append("nics:\n");
            for (var nic : m.nics.entrySet()) {
                for (String c : m.nicWhy.get(nic.getKey())) {
                    y.append("  # ").append(c).append('\n');
                }
                y.append("  - match: {name: ").append(scalar(nic.getKey())).append("}\n");
                for (var a : nic.getValue().entrySet()) {
                    y.append("    ").append(a.getKey()).append(": ").append(flow(a.getValue())).append('\n');
                }
            }
        }
        if (m.irqbalance != null) {
            y.append("irqbalance:\n");
            comments(y, m.irqbalance.why);
            y.append("  enabled: ").append(m.irqbalance.value).append('\n');
        }
        if (m.fileMax != null) {
            y.append("limits:\n");
            comments(y, m.fileMax.why);
            y.append("  fileMax: ").append(m.fileMax.value).append('\n');
        }
        return y.toString();
    }

    private static void block(StringBuilder y, String key, Map<String, Valued> values) {
        if (values.isEmpty()) {
            return;
        }
        y.append(key).append(":\n");
        for (var e : values.entrySet()) {
            comments(y, e.getValue().why);
            y.append("  ").append(e.getKey()).append(": ").append(scalar(e.getValue().value)).append('\n');
        }
    }

    private static void comments(StringBuilder y, List<String> why) {
        for (String c : why) {
            y.append("  # ").append(c.replace('\n', ' ')).append('\n');
        }
    }

    private static Map<String, String> values(Map<String, Valued> m) {
        Map<String, String> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, v.value));
        return out;
    }

    /** A value and the comments that justify it. */
    private static final class Valued {
        String value;
        final List<String> why = new ArrayList<>();

        Valued(String value) {
            this.value = value;
        }

        void because(String reason) {
            if (!reason.isEmpty() && !why.contains(reason)) {
                why.add(reason);
            }
        }
    }

    private static final class Merged {
        final Map<String, Valued> sysctl = new TreeMap<>();
        final Map<String, Valued> softirq = new TreeMap<>();
        final Map<String, Map<String, Map<String, String>>> nics = new TreeMap<>();
        final Map<String, List<String>> nicWhy = new TreeMap<>();
        Valued irqbalance;
        Valued fileMax;

        boolean isEmpty() {
            return sysctl.isEmpty() && softirq.isEmpty() && nics.isEmpty() && irqbalance == null && fileMax == null;
        }

        void add(Suggestion s, String why) {
            if (s instanceof Suggestion.Sysctl x) {
                boolean budget = x.key().equals(Suggestion.SOFTIRQ_BUDGET);
                Map<String, Valued> into = budget ? softirq : sysctl;
                String key = budget ? "budget" : x.key();
                Valued v = into.computeIfAbsent(key, k -> new Valued(x.to()));
                v.value = larger(v.value, x.to());
                v.because(why);
            } else if (s instanceof Suggestion.Nic x) {
                Map<String, String> attr = nics.computeIfAbsent(x.nic(), k -> new LinkedHashMap<>())
                        .computeIfAbsent(x.attribute(), k -> new TreeMap<>());
                x.values().forEach((k, v) -> attr.merge(k, v, (a, b) -> a.equals(b) ? a
                        : (x.attribute().equals("ring") || x.attribute().equals("channels")) ? "max" : a));
                List<String> w = nicWhy.computeIfAbsent(x.nic(), k -> new ArrayList<>());
                if (!why.isEmpty() && !w.contains(why)) {
                w.add(why);
                }
            } else if (s instanceof Suggestion.Irqbalance x) {
                if (irqbalance == null) {
                    irqbalance = new Valued(Boolean.toString(x.enabled()));
                } else if (!x.enabled()) {
                    irqbalance.value = "false";
                }
                irqbalance.because(why);
            } else if (s instanceof Suggestion.FileMax x) {
                if (fileMax == null) {
                    fileMax = new Valued(Long.toString(x.to()));
                }
                fileMax.value = larger(fileMax.value, Long.toString(x.to()));
                fileMax.because(why);
            }
        }

        private static String larger(String a, String b) {
            try {
                return Long.parseLong(a) >= Long.parseLong(b) ? a : b;
            } catch (NumberFormatException e) {
                return a;
            }
        }
    }
}
