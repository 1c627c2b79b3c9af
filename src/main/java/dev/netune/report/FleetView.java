package dev.netune.report;

import dev.netune.engine.HostOutcome;
import dev.netune.plan.Action;
import dev.netune.report.PlanView.ChangeView;
import dev.netune.report.PlanView.ItemView;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The text of a fleet's plan or drift grouped across hosts: failures first, then each distinct
 * change once with the hosts it is planned on ({@code ~ sysctl net.core.somaxconn: 4096 -> 65535
 * on 312 hosts: web-[001:312]}). Used above {@link #HOSTS} hosts unless {@code -v} asks for each
 * host's own block.
 */
public final class FleetView {
    /** Up to this many hosts a plan is printed host by host; above it, grouped. */
    public static final int HOSTS = 10;
    /** Host list items printed per line before "and N more". */
    static final int NAMES = 12;

    private final boolean colour;
    /**
     * Each host list as written short: most changes of a fleet are on the same hosts, and 10,000
     * names take HostRanges some 70 ms, while the CPUs wait for the report.
     */
    private final Map<List<String>, String> hostLists = new HashMap<>();

    FleetView(boolean colour) {
        this.colour = colour;
    }

    static boolean applies(List<HostOutcome> outcomes, boolean verbose) {
        return !verbose && outcomes.size() > HOSTS;
    }

    /** Everything a per-host listing would print before the summary table, grouped. */
    String body(List<HostOutcome> outcomes) {
        ChangeGroups g = ChangeGroups.of(outcomes);
        StringBuilder sb = new StringBuilder();
        if (!g.failures().isEmpty()) {
            sb.append(paint("1", "Failed")).append('\n');
            for (ChangeGroups.Group<String> f : g.failures()) {
                sb.append("  ").append(paint("31", clean(f.item()))).append(on(f.hosts())).append('\n');
            }
            for (ChangeGroups.Group<ItemView> e : g.errors()) {
                ItemView pe = e.item();
                sb.append("  ").append(paint("31", "!")).append(' ').append(pe.kind()).append(' ')
                        .append(clean(pe.target())).append(": ").append(clean(pe.text())).append(on(e.hosts())).append('\n');
            }
        }
        if (!g.changes().isEmpty()) {
            sb.append(paint("1", "Changes")).append(" (each listed once with its hosts; -v shows every host)\n");
            for (ChangeGroups.Group<ChangeView> c : g.changes()) {
                change(sb, c);
            }
        }
        for (ChangeGroups.Group<String> n : g.notes()) {
            int colon = n.item().indexOf(": ");
            sb.append("  ").append(paint("33", n.item().substring(0, colon + 1)))
                    .append(clean(n.item().substring(colon + 1))).append(on(n.hosts())).append('\n');
        }
        if (!g.unchanged().isEmpty()) {
            sb.append(paint("32", "No changes")).append(on(g.unchanged())).append('\n');
        }
        return sb.toString();
    }

    private void change(StringBuilder sb, ChangeGroups.Group<ChangeView> g) {
        ChangeView c = g.item();
        if (c.action() == Action.DELETE) {
            sb.append("  ").append(paint("31", "-")).append(' ').append(c.kind()).append(' ').append(clean(c.target()))
                    .append(" (removed)").append(on(g.hosts())).append('\n');
            return;
        }
        boolean multiline = c.multiline();
        sb.append("  ").append(c.action() == Action.CREATE ? paint("32", "+") : paint("33", "~")).append(' ')
                .append(c.kind()).append(' ').append(clean(c.target()));
        if (!multiline) {
            sb.append(": ").append(c.before() == null ? "null" : clean(c.before())).append(" -> ").append(clean(c.after()));
        }
        for (String n : c.notes()) {
            sb.append("  (").append(n).append(')');
        }
        sb.append(on(g.hosts())).append('\n');
        if (multiline) {
            List<String> b = lines(c.before());
            List<String> a = lines(c.after());
            TextReport.without(b, a).forEach(l -> sb.append("      ").append(paint("31", "- " + clean(l))).append('\n'));
            TextReport.without(a, b).forEach(l -> sb.append("      ").append(paint("32", "+ " + clean(l))).append('\n'));
        }
    }

    /** " on N hosts: NAMES", the names written short. */
    private String on(List<String> names) {
        return " on " + hosts(names.size()) + ": "
                + hostLists.computeIfAbsent(names, n -> clean(HostRanges.compress(n, NAMES)));
    }

    private static List<String> lines(String text) {
        return text == null || text.isBlank() ? List.of() : List.of(text.strip().split("\n"));
    }

    /** Text read from a host never reaches the terminal as control characters (escape sequences). */
    static String clean(String s) {
        return Markdown.oneLine(s);
    }

    private static String hosts(int n) {
        return n == 1 ? "1 host" : n + " hosts";
    }

    private String paint(String code, String s) {
        return colour ? "\u001b[" + code + "m" + s + "\u001b[0m" : s;
    }
}
