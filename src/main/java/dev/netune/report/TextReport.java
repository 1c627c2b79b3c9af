package dev.netune.report;

import dev.netune.engine.HostOutcome;
import dev.netune.engine.HostStatus;
import dev.netune.plan.Action;
import dev.netune.plan.HostPlan;
import java.util.List;
import java.util.Map;

/**
 * The human rendering of plans, apply results and facts; colour only when asked (a terminal).
 * Every value that came from a host or an input file goes through {@link SafeText}.
 */
public final class TextReport {
    private final boolean colour;

    public TextReport(boolean colour) {
        this.colour = colour;
    }

    /** Plan or drift: per host its changes, errors and warnings, then the summary line. */
    public String plan(List<HostOutcome> outcomes, boolean verbose) {
        StringBuilder sb = new StringBuilder();
        PlanView view = PlanView.of(outcomes);
        if (FleetView.applies(outcomes, verbose)) {
            sb.append(new FleetView(colour).body(outcomes)); // a fleet: identical changes once, failures first
        } else {
            for (PlanView.HostView h : view.hosts()) {
                sb.append(header(h.outcome())).append('\n');
                h.plan().ifPresent(p -> body(sb, p, verbose));
            }
        }
        Summary s = view.summary();
        table(sb, outcomes, s);
        sb.append('\n').append(bold("Plan: ")).append(s.changes()).append(" change(s) on ")
                .append(s.count(HostStatus.CHANGES)).append(" host(s); ")
                .append(s.count(HostStatus.OK)).append(" unchanged, ")
                .append(s.count(HostStatus.FAILED)).append(" failed, ")
                .append(s.count(HostStatus.UNREACHABLE)).append(" unreachable")
                .append(s.count(HostStatus.STALE) > 0 ? ", " + s.count(HostStatus.STALE) + " stale" : "")
                .append(" (").append(s.hosts()).append(" host(s))\n");
        return sb.toString();
    }

    /** Apply: what each host ended with, change by change, then the summary line. */
    public String apply(List<HostOutcome> outcomes) {
        StringBuilder sb = new StringBuilder();
        PlanView view = PlanView.of(outcomes);
        for (PlanView.HostView h : view.hosts()) {
            HostOutcome o = h.outcome();
            sb.append(header(o)).append('\n');
            for (PlanView.ResultView r : h.results()) {
                PlanView.ChangeView c = r.change();
                String mark = r.ok() ? green("✓") : red("✗");
                sb.append("  ").append(mark).append(' ').append(safe(c.kind())).append(' ').append(safe(c.target()));
                if (c.after() != null && !c.after().contains("\n")) {
                    sb.append(" = ").append(r.actual() == null ? "?" : safe(r.actual()));
                }
                if (!r.ok()) {
                    sb.append(": ").append(safe(r.message()));
                }
                sb.append('\n');
            }
            if (h.plan().isPresent() && h.results().isEmpty()) {
                errors(sb, h.plan().get());
            }
        }
        Summary s = view.summary();
        table(sb, outcomes, s);
        sb.append('\n').append(bold("Apply: ")).append(s.count(HostStatus.CHANGED)).append(" changed, ")
                .append(s.count(HostStatus.OK)).append(" ok, ")
                .append(s.count(HostStatus.FAILED)).append(" failed, ")
                .append(s.count(HostStatus.UNREACHABLE)).append(" unreachable")
                .append(s.count(HostStatus.STALE) > 0 ? ", " + s.count(HostStatus.STALE) + " stale" : "")
                .append(s.count(HostStatus.SKIPPED) > 0 ? ", " + s.count(HostStatus.SKIPPED) + " skipped" : "")
                .append(" (").append(s.hosts()).append(" host(s))\n");
        return sb.toString();
    }

    /** How many hosts failed are named in the summary table; the rest are counted (all are above). */
    static final int FAILURES_LISTED = 20;

    /**
     * For a fleet (more than one host): hosts per status, then the hosts that failed, were
     * unreachable or stale with their one-line reason, so a long run ends with what needs a look.
     */
    private void table(StringBuilder sb, List<HostOutcome> outcomes, Summary s) {
        if (outcomes.size() < 2) {
            return;
        }
        sb.append('\n').append(bold("Hosts")).append('\n');
        for (HostStatus status : HostStatus.values()) {
            if (s.count(status) > 0) {
                String label = status.name().toLowerCase();
                sb.append("  ").append(status.isError() ? red(pad(label)) : pad(label))
                        .append(String.format("%6d", s.count(status))).append('\n');
            }
        }
        List<HostOutcome> bad = outcomes.stream().filter(o -> o.status().isError()).toList();
        if (bad.isEmpty()) {
            return;
        }
        int width = bad.stream().limit(FAILURES_LISTED).mapToInt(o -> o.target().name().length()).max().orElse(0);
        sb.append(bold("Needs a look")).append('\n');
        for (HostOutcome o : bad.stream().limit(FAILURES_LISTED).toList()) {
            sb.append("  ").append(String.format("%-" + width + "s", safe(o.target().name()))).append("  ")
                    .append(o.status().name().toLowerCase()).append(": ").append(safe(firstLine(o.message())))
                    .append('\n');
        }
        if (bad.size() > FAILURES_LISTED) {
            sb.append("  ... and ").append(bad.size() - FAILURES_LISTED).append(" more (each is reported above)\n");
        }
    }

    private static String pad(String label) {
        return String.format("%-12s", label);
    }

    private static String firstLine(String message) {
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    /** Facts: per host, every gathered fact as a readable block. */
    public String facts(List<HostOutcome> outcomes) {
        StringBuilder sb = new StringBuilder();
        for (HostOutcome o : outcomes) {
            if (o.facts() == null) {
                sb.append(header(o)).append('\n');
                continue;
            }
            sb.append(bold(o.target().describe())).append('\n');
            for (Map.Entry<String, Object> e : o.facts().all().entrySet()) {
                sb.append("  ").append(safe(e.getKey())).append(":\n");
                for (String line : safe(FactText.render(e.getValue())).split("\n")) {
                    if (!line.isEmpty()) {
                        sb.append("    ").append(line).append('\n');
                    }
                }
            }
        }
        return sb.toString();
    }

    private String header(HostOutcome o) {
        String name = bold(o.target().describe());
        HostPlan p = o.plan();
        return switch (o.status()) {
            case OK -> name + ": " + green("no changes")
                    + (p != null && !p.unchanged().isEmpty() ? " (" + p.unchanged().size() + " setting(s) already as wanted)" : "")
                    + (o.message().isEmpty() ? "" : " - " + safe(o.message()));
            case CHANGES -> name + ": " + yellow(p.changes().size() + " to change");
            case CHANGED -> name + ": " + yellow("changed") + " - " + safe(o.message());
            case FAILED -> name + ": " + red("FAILED") + " - " + safe(o.message());
            case UNREACHABLE -> name + ": " + red("UNREACHABLE") + " - " + safe(o.message());
            case STALE -> name + ": " + red("STALE") + " - " + safe(o.message());
            case SKIPPED -> name + ": skipped" + (o.message().isEmpty() ? "" : " - " + safe(o.message()));
        };
    }

    /** One host's plan, as {@link #plan} shows it under the host's header (golden tests render through this). */
    public String plan(HostPlan plan, boolean verbose) {
        StringBuilder sb = new StringBuilder();
        body(sb, PlanView.PlanPart.of(plan), verbose);
        return sb.toString();
    }

    private void errors(StringBuilder sb, PlanView.PlanPart p) {
        for (PlanView.ItemView e : p.errors()) {
            sb.append("  ").append(red("!")).append(' ').append(safe(e.kind())).append(' ').append(safe(e.target()))
                    .append(": ").append(safe(e.text())).append('\n');
        }
    }

    private void body(StringBuilder sb, PlanView.PlanPart p, boolean verbose) {
        errors(sb, p);
        for (PlanView.ChangeView c : p.changes()) {
            if (c.action() == Action.DELETE) {
                sb.append("  ").append(red("-")).append(' ').append(safe(c.kind())).append(' ')
                        .append(safe(c.target())).append(" (removed)");
                c.notes().forEach(n -> sb.append("  (").append(safe(n)).append(')'));
                sb.append('\n');
                continue;
            }
            boolean multiline = c.multiline();
            sb.append("  ").append(c.action() == Action.CREATE ? green("+") : yellow("~")).append(' ')
                    .append(safe(c.kind())).append(' ').append(safe(c.target()));
            if (!multiline) {
                sb.append(": ").append(safe(c.before())).append(" -> ").append(safe(c.after()));
            }
            for (String n : c.notes()) {
                sb.append("  (").append(safe(n)).append(')');
            }
            sb.append('\n');
            if (multiline) {
                lineDiff(sb, c.before() == null ? "" : c.before(), c.after());
            }
        }
        for (String d : p.deferred()) {
            sb.append("  ").append(yellow("then:")).append(' ').append(safe(d)).append('\n');
        }
        for (String r : p.connectionRisks()) {
            sb.append("  ").append(yellow("can cut the connection:")).append(' ').append(safe(r)).append('\n');
        }
        if (!p.connectionRisks().isEmpty() && !p.changes().isEmpty()) {
            sb.append("  ").append(yellow("confirmed apply:")).append(" apply arms an automatic restore on the host"
                    + " that undoes these changes unless netune confirms them over a new SSH connection\n");
        }
        for (String w : p.warnings()) {
            sb.append("  ").append(yellow("warning:")).append(' ').append(safe(w)).append('\n');
        }
        if (verbose) {
            for (PlanView.ItemView n : p.unchanged()) {
                sb.append("  = ").append(safe(n.text())).append('\n');
            }
        }
    }

    /**
     * Lines only in before ("-") and only in after ("+"), counted as multisets so that repeated
     * lines ("}") are kept; enough for the small files netune owns.
     */
    private void lineDiff(StringBuilder sb, String before, String after) {
        List<String> b = before.isBlank() ? List.of() : List.of(before.strip().split("\n"));
        List<String> a = after.isBlank() ? List.of() : List.of(after.strip().split("\n"));
        for (String line : without(b, a)) {
            sb.append("      ").append(red("- " + line)).append('\n');
        }
        for (String line : without(a, b)) {
            sb.append("      ").append(green("+ " + line)).append('\n');
        }
    }

    /** {@code lines} minus {@code other}, one occurrence at a time, in order; blank lines skipped. */
    static List<String> without(List<String> lines, List<String> other) {
        List<String> rest = new java.util.ArrayList<>(other);
        List<String> out = new java.util.ArrayList<>();
        for (String line : lines) {
            if (!rest.remove(line) && !line.isEmpty()) {
                out.add(line);
            }
        }
        return out;
    }

    private String green(String s) {
        return paint("32", s);
    }

    private String yellow(String s) {
        return paint("33", s);
    }

    private String red(String s) {
        return paint("31", s);
    }

    private String bold(String s) {
        return paint("1", s);
    }

    /** Colour codes are added around text already made safe: only netune's own escapes reach the terminal. */
    private String paint(String code, String s) {
        return colour ? "\u001b[" + code + "m" + safe(s) + "\u001b[0m" : safe(s);
    }

    /** Host-supplied and input-file text, made harmless for a terminal ({@link SafeText}). */
    private static String safe(String s) {
        return SafeText.of(s);
    }
}
