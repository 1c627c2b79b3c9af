package dev.netune.inventory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code --limit} patterns as Ansible users write them: terms separated by ',' or ':'; a term is
 * a host or group name or a glob ({@code web-*}); {@code !term} excludes, {@code &term}
 * intersects. Plain terms are unioned first, then intersections, then exclusions apply.
 */
public final class HostPattern {
    private HostPattern() {
    }

    /** The pattern's terms ({@code !} and {@code &} kept); none for a blank pattern or bare separators. */
    public static List<String> terms(String pattern) {
        List<String> terms = new ArrayList<>();
        for (String raw : pattern.split("[,:]")) {
            String term = raw.strip();
            if (!term.isEmpty() && !term.equals("!") && !term.equals("&")) {
                terms.add(term);
            }
        }
        return terms;
    }

    /** The terms (without their {@code !} or {@code &}) that match no host, group or address. */
    public static List<String> unmatchedTerms(List<Host> hosts, String pattern) {
        if (pattern == null) {
            return List.of();
        }
        return terms(pattern).stream().map(t -> t.startsWith("!") || t.startsWith("&") ? t.substring(1) : t)
                .filter(t -> hosts.stream().noneMatch(h -> matches(h, t))).toList();
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
                hosts.stream().filter(h -> matches(h, term)).forEach(selected::add);
            }
        }
        if (!anyPlain) {
            selected.addAll(hosts);
        }
        for (String term : intersections) {
            selected.removeIf(h -> !matches(h, term));
        }
        for (String term : exclusions) {
            selected.removeIf(h -> matches(h, term));
        }
        return hosts.stream().filter(selected::contains).toList();
    }

    static boolean matches(Host h, String term) {
        if (term.equals("all")) {
            return true;
        }
        Pattern glob = glob(term);
        if (glob.matcher(h.name()).matches() || glob.matcher(h.address()).matches()) {
            return true;
        }
        return h.groups().stream().anyMatch(g -> glob.matcher(g).matches());
    }

    private static Pattern glob(String term) {
        StringBuilder re = new StringBuilder();
        for (char c : term.toCharArray()) {
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }
}
