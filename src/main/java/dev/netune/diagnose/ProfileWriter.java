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
    /** A NIC name a profile's {@code match: {name: }} takes literally: NicSchema's names without glob characters. */
    private static final Pattern LITERAL_NIC = Pattern.compile("[A-Za-z0-9_.:@-]{1,15}");

    private ProfileWriter() {
    }

    /** A YAML scalar: plain when safe, otherwise double-quoted ("10000 65000"), control characters escaped. */
    static String scalar(String v) {
        if (PLAIN.matcher(v).matches()) {
            return v;
        }
        StringBuilder sb = new StringBuilder("\"");
        for (char c : v.toCharArray()) {
            if (c == '\\' || c == '"') {
                sb.append('\\').append(c);
            } else if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029') {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    /**
     * Why no rule can be written for a NIC called {@code name}, or null. A profile matches NIC
     * names as globs ({@code *}, {@code ?}) with no escape, and Linux allows both in a name: a host
     * with an interface called {@code *} must not get a rule that matches every NIC.
     */
    static String nicRefusal(String name) {
        if (LITERAL_NIC.matcher(name).matches()) {
            return null;
        }
        String shown = commentText(name);
        return name.indexOf('*') >= 0 || name.indexOf('?') >= 0
                ? "NIC '" + shown + "' left out: its name has glob characters (* or ?), which a profile's match"
                        + " reads as a pattern (there is no escape), so a rule would also match other NICs"
                : "NIC '" + shown + "' left out: a profile's match takes names of at most 15 letters, digits,"
                        + " '.', '_', '-', ':' or '@'";
    }

    /**
     * Text safe inside a YAML comment: YAML 1.1 also ends a line at CR, NEL, LS and PS, so a host's
     * text could otherwise start a line of its own in the written profile.
     */
    static String commentText(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029') {
                sb.append(String.format("\\x%02x", (int) c & 0xff));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
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
        m.refusedNics.values().forEach(r -> out.add("# " + r));
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
                .append(hosts.isEmpty() ? "(no host read)" : commentText(String.join(", ", hosts))).append(".\n");
        y.append("# Each value is commented with the counter that asked for it. Review, then `netune plan -p` this file.\n");
        y.append("name: ").append(PROFILE_NAME).append('\n');
        y.append("description: Changes proposed by netune diagnose from measured counters\n");
        if (m.isEmpty()) {
            y.append("# no findings: nothing to change\n");
            return y.toString();
        }
        block(y, "sysctl", m.sysctl);
        block(y, "softirq", m.softirq);
        m.refusedNics.values().forEach(r -> y.append("# ").append(r).append('\n'));
        if (!m.nics.isEmpty()) {
            y.append("nics:\n");
            for (var nic : m.nics.entrySet()) {
                for (String c : m.nicWhy.get(nic.getKey())) {
                    y.append("  # ").append(commentText(c)).append('\n');
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
            y.append("  # ").append(commentText(c.replace('\n', ' '))).append('\n');
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
        /** NICs no rule is written for, with why (a comment line instead). */
        final Map<String, String> refusedNics = new TreeMap<>();
        Valued irqbalance;
        Valued fileMax;

        boolean isEmpty() {
            return sysctl.isEmpty() && softirq.isEmpty() && nics.isEmpty() && irqbalance == null && fileMax == null
                    && refusedNics.isEmpty();
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
                String refusal = nicRefusal(x.nic());
                if (refusal != null) {
                    refusedNics.putIfAbsent(x.nic(), refusal);
                    return;
                }
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
