package dev.netune.inventory;

import dev.netune.text.Glob;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code --limit} patterns as Ansible users write them: terms separated by ',' or ':' (not inside
 * {@code [...]}, not within an IPv6 address); a term is a host or group name, a glob
 * ({@code web-*}), a regular expression ({@code ~web-0[12]}, matched from the start as Python's
 * re.match) or either with a subscript ({@code web[0]}, {@code web[-1]}, {@code web[1:3]},
 * {@code web[2:]}: positions among the hosts it matches, in inventory order, the end included);
 * {@code !term} excludes, {@code &term} intersects. Plain terms are unioned first, then
 * intersections, then exclusions apply.
 */
public final class HostPattern {
    private HostPattern() {
    }

    /** The pattern's terms ({@code !} and {@code &} kept); none for a blank pattern or bare separators. */
    public static List<String> terms(String pattern) {
        List<String> terms = new ArrayList<>();
        for (String part : pattern.split(",")) {
            String p = part.strip();
            String bare = p.startsWith("!") || p.startsWith("&") ? p.substring(1) : p;
            List<String> pieces = bare.contains(":") && HostNames.problem(bare) == null ? List.of(p) : splitColons(p);
            for (String raw : pieces) {
                String term = raw.strip();
                if (!term.isEmpty() && !term.equals("!") && !term.equals("&")) {
                    terms.add(term);
                }
            }
        }
        return terms;
    }

    /** Splits on ':' outside brackets ("web[0:2]:db" is "web[0:2]" and "db"). */
    private static List<String> splitColons(String s) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth = Math.max(0, depth - 1);
            } else if (c == ':' && depth == 0) {
                out.add(s.substring(start, i));
                start = i + 1;
            }
        }
        out.add(s.substring(start));
        return out;
    }

    private static final Pattern SUBSCRIPT = Pattern.compile("(.+)\\[(?:(-?[0-9]+)|([0-9]+):([0-9]*))]");

    /** The hosts a term (without ! or &) selects, in inventory order, its subscript applied. */
    private static List<Host> hostsOf(List<Host> hosts, String term) {
        java.util.regex.Matcher m = SUBSCRIPT.matcher(term);
        if (!m.matches() || term.startsWith("~")) {
            return hosts.stream().filter(h -> matches(h, term)).toList();
        }
        List<Host> base = hosts.stream().filter(h -> matches(h, m.group(1))).toList();
        if (m.group(2) != null) {
            int i = Integer.parseInt(m.group(2));
            int at = i < 0 ? base.size() + i : i;
            return at >= 0 && at < base.size() ? List.of(base.get(at)) : List.of();
        }
        int from = Math.min(Integer.parseInt(m.group(3)), base.size());
        int to = m.group(4).isEmpty() ? base.size() : Math.min(Integer.parseInt(m.group(4)) + 1, base.size());
        return from < to ? base.subList(from, to) : List.of();
    }

    /** The terms (without their {@code !} or {@code &}) that match no host, group or address. */
    public static List<String> unmatchedTerms(List<Host> hosts, String pattern) {
        if (pattern == null) {
            return List.of();
        }
        return terms(pattern).stream().map(t -> t.startsWith("!") || t.startsWith("&") ? t.substring(1) : t)
                .filter(t -> hostsOf(hosts, t).isEmpty()).toList();
    }

    /** The hosts the pattern selects, in inventory order; a null pattern (no --limit) selects all. */
    public static List<Host> select(List<Host> hosts, String pattern) {
        if (pattern == null || pattern.equals("all")) {
            return hosts;
        }
        Set<Host> selected = new LinkedHashSet<>();
        List<String> intersections = new ArrayList<>();
        List<String> exclusions = new ArrayList<>();
        boolean anyPlain = false;
        for (String term : terms(pattern)) {
            if (term.startsWith("!")) {
                exclusions.add(term.substring(1));
            } else if (term.startsWith("&")) {
                intersections.add(term.substring(1));
            } else {
                anyPlain = true;
                selected.addAll(hostsOf(hosts, term));
            }
        }
        if (!anyPlain) {
            selected.addAll(hosts);
        }
        for (String term : intersections) {
            selected.retainAll(hostsOf(hosts, term));
        }
        for (String term : exclusions) {
            hostsOf(hosts, term).forEach(selected::remove);
        }
        return hosts.stream().filter(selected::contains).toList();
    }

    static boolean matches(Host h, String term) {
        if (term.equals("all")) {
            return true;
        }
        if (term.startsWith("~")) {
            Pattern re;
            try {
                re = Pattern.compile(term.substring(1));
            } catch (java.util.regex.PatternSyntaxException e) {
                return false;
            }
            return re.matcher(h.name()).lookingAt() || h.groups().stream().anyMatch(g -> re.matcher(g).lookingAt());
        }
        Pattern glob = Glob.compile(term);
        if (glob.matcher(h.name()).matches() || glob.matcher(h.address()).matches()) {
            return true;
        }
        return h.groups().stream().anyMatch(g -> glob.matcher(g).matches());
    }
}
