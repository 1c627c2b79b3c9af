package dev.netune.report;

import dev.netune.engine.HostOutcome;
import dev.netune.engine.HostStatus;
import dev.netune.plan.Action;
import dev.netune.report.PlanView.ChangeView;
import dev.netune.report.PlanView.HostView;
import dev.netune.report.PlanView.ItemView;
import dev.netune.report.PlanView.PlanPart;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Plan and drift as GitHub-flavoured Markdown, for a pull request comment or
 * {@code $GITHUB_STEP_SUMMARY}: a summary line, hosts by status, failures, each distinct change once
 * with its hosts, then each host's detail in a collapsible block. Host text is escaped
 * ({@link Markdown}): a value read from a host can never become markup.
 */
public final class MarkdownReport {
    /** Hosts given a collapsible block of their own (those with changes or errors first); -v: all. */
    static final int DETAILS = 50;
    /** Host list items per table cell before "and N more". */
    static final int NAMES = 20;

    private MarkdownReport() {
    }

    /** {@code command} is "plan" or "drift"; {@code verbose} details every host, with its unchanged settings. */
    public static String plan(String command, List<HostOutcome> outcomes, boolean verbose) {
        Summary s = Summary.of(outcomes);
        ChangeGroups g = ChangeGroups.of(outcomes);
        StringBuilder sb = new StringBuilder();
        sb.append("### netune ").append(command).append(": ").append(verdict(command, s)).append("\n\n");
        sb.append(summaryLine(s)).append("\n\n");
        statusTable(sb, outcomes);
        if (!g.failures().isEmpty()) {
            sb.append("#### Failed\n\n| Status | Hosts | Names |\n|---|---:|---|\n");
            for (ChangeGroups.Group<String> f : g.failures()) {
                sb.append("| ").append(Markdown.text(f.item())).append(" | ").append(f.hosts().size()).append(" | ")
                        .append(names(f.hosts())).append(" |\n");
            }
            sb.append('\n');
            if (!g.errors().isEmpty()) {
                sb.append("| Setting | Error | Hosts |\n|---|---|---|\n");
                for (ChangeGroups.Group<ItemView> e : g.errors()) {
                    ItemView pe = e.item();
                    sb.append("| ").append(Markdown.code(pe.kind() + " " + pe.target(), true)).append(" | ")
                            .append(Markdown.text(pe.text())).append(" | ").append(count(e.hosts())).append(" |\n");
                }
                sb.append('\n');
            }
        }
        if (!g.changes().isEmpty()) {
            changes(sb, g);
        }
        if (!g.notes().isEmpty()) {
            sb.append("#### Notes\n\n| Note | Hosts |\n|---|---|\n");
            for (ChangeGroups.Group<String> n : g.notes()) {
                sb.append("| ").append(Markdown.text(n.item())).append(" | ").append(count(n.hosts())).append(" |\n");
            }
            sb.append('\n');
        }
        details(sb, outcomes, verbose);
        return sb.toString();
    }

    private static String verdict(String command, Summary s) {
        if (s.anyError()) {
            return "errors";
        }
        boolean changes = s.count(HostStatus.CHANGES) > 0;
        return command.equals("drift") ? (changes ? "drift found" : "no drift") : (changes ? "changes" : "no changes");
    }

    private static String summaryLine(Summary s) {
        return "**" + s.changes() + " change(s) on " + s.count(HostStatus.CHANGES) + " host(s)**; "
                + s.count(HostStatus.OK) + " unchanged, " + s.count(HostStatus.FAILED) + " failed, "
                + s.count(HostStatus.UNREACHABLE) + " unreachable"
                + (s.count(HostStatus.STALE) > 0 ? ", " + s.count(HostStatus.STALE) + " stale" : "")
                + " (" + s.hosts() + " host(s))";
    }

    /** Hosts by status, failures first. */
    private static void statusTable(StringBuilder sb, List<HostOutcome> outcomes) {
        sb.append("| Status | Hosts | Names |\n|---|---:|---|\n");
        List<HostStatus> order = new ArrayList<>(List.of(HostStatus.FAILED, HostStatus.UNREACHABLE, HostStatus.STALE,
                HostStatus.CHANGES, HostStatus.CHANGED, HostStatus.OK, HostStatus.SKIPPED));
        for (HostStatus st : order) {
            List<String> hosts = outcomes.stream().filter(o -> o.status() == st).map(o -> o.target().name()).toList();
            if (!hosts.isEmpty()) {
                sb.append("| ").append(st.name().toLowerCase(Locale.ROOT)).append(" | ").append(hosts.size())
                        .append(" | ").append(names(hosts)).append(" |\n");
            }
        }
        sb.append('\n');
    }

    private static void changes(StringBuilder sb, ChangeGroups g) {
        sb.append("#### Changes\n\n| | Setting | Before | After | Hosts |\n|---|---|---|---|---|\n");
        List<ChangeGroups.Group<ChangeView>> files = new ArrayList<>();
        for (ChangeGroups.Group<ChangeView> cg : g.changes()) {
            ChangeView c = cg.item();
            boolean multiline = isMultiline(c);
            if (multiline) {
                files.add(cg);
            }
            sb.append("| ").append(c.action() == Action.DELETE ? "-" : c.action() == Action.CREATE ? "+" : "~").append(" | ")
                    .append(Markdown.code(c.kind() + " " + c.target(), true)).append(" | ")
                    .append(multiline ? lineCount(c.before()) : value(c.before())).append(" | ")
                    .append(multiline ? lineCount(c.after()) : value(c.after()))
                    .append(c.notes().isEmpty() ? "" : " (" + Markdown.text(String.join("; ", c.notes())) + ")")
                    .append(" | ").append(count(cg.hosts())).append(" |\n");
        }
        sb.append('\n');
        for (ChangeGroups.Group<ChangeView> cg : files) {
            ChangeView c = cg.item();
            sb.append("<details><summary>").append(Markdown.html(c.kind() + " " + c.target() + " on "
                    + cg.hosts().size() + " host(s)")).append("</summary>\n\n")
                    .append(Markdown.block("diff", diff(c))).append("\n</details>\n\n");
        }
    }

    private static boolean isMultiline(ChangeView c) {
        return (c.after() != null && c.after().contains("\n")) || (c.before() != null && c.before().contains("\n"));
    }

    private static String value(String v) {
        return v == null ? "(none)" : v.isEmpty() ? "(empty)" : Markdown.code(v, true);
    }

    private static String lineCount(String v) {
        return v == null ? "(none)" : "file, " + v.strip().split("\n").length + " line(s)";
    }

    /** The lines only in before (-) and only in after (+), as the text report shows them. */
    private static String diff(ChangeView c) {
        List<String> b = lines(c.before());
        List<String> a = lines(c.after());
        StringBuilder sb = new StringBuilder();
        TextReport.without(b, a).forEach(l -> sb.append("- ").append(Markdown.oneLine(l)).append('\n'));
        TextReport.without(a, b).forEach(l -> sb.append("+ ").append(Markdown.oneLine(l)).append('\n'));
        return sb.toString();
    }

    private static List<String> lines(String text) {
        return text == null || text.isBlank() ? List.of() : List.of(text.strip().split("\n"));
    }

    private static String count(List<String> hosts) {
        return hosts.size() + ": " + names(hosts);
    }

    private static String names(List<String> hosts) {
        return Markdown.code(HostRanges.compress(hosts, NAMES), true);
    }

    /** One collapsible block per host: failing and changing hosts first. */
    private static void details(StringBuilder sb, List<HostOutcome> outcomes, boolean verbose) {
        List<HostOutcome> shown = new ArrayList<>();
        outcomes.stream().filter(o -> o.status().isError()).forEach(shown::add);
        outcomes.stream().filter(o -> !o.status().isError() && o.plan() != null && o.plan().hasChanges())
                .forEach(shown::add);
        if (verbose) {
            outcomes.stream().filter(o -> !shown.contains(o)).forEach(shown::add);
        }
        if (shown.isEmpty()) {
            return;
        }
        sb.append("#### Hosts\n\n");
        int limit = verbose ? shown.size() : Math.min(DETAILS, shown.size());
        for (HostOutcome o : shown.subList(0, limit)) {
            host(sb, o, verbose);
        }
        if (limit < shown.size()) {
            sb.append("... and ").append(shown.size() - limit)
                    .append(" more host(s) with changes or errors; `-v` details every host, `--format json` has all.\n");
        }
    }

    private static void host(StringBuilder sb, HostOutcome o, boolean verbose) {
        HostView h = HostView.of(o);
        PlanPart p = h.plan().orElse(null);
        String state = switch (o.status()) {
            case CHANGES -> p.changes().size() + " to change";
            case OK -> "no changes";
            default -> o.status().name().toLowerCase(Locale.ROOT);
        };
        sb.append("<details><summary>").append(Markdown.html(o.target().describe() + ": " + state))
                .append("</summary>\n\n");
        if (!o.message().isEmpty() && o.status() != HostStatus.CHANGES) {
            sb.append(Markdown.text(o.message())).append("\n\n");
        }
        if (p != null) {
            for (ItemView e : p.errors()) {
                sb.append("- ! ").append(Markdown.code(e.kind() + " " + e.target(), false)).append(": ")
                        .append(Markdown.text(e.text())).append('\n');
            }
            for (ChangeView c : p.changes()) {
                sb.append("- ").append(c.action() == Action.DELETE ? "\\-" : c.action() == Action.CREATE ? "\\+" : "~").append(' ')
                        .append(Markdown.code(c.kind() + " " + c.target(), false));
                if (!isMultiline(c)) {
                    sb.append(": ").append(c.before() == null ? "(none)" : Markdown.code(c.before(), false))
                            .append(" → ").append(c.after() == null ? "(removed)" : Markdown.code(c.after(), false));
                }
                sb.append('\n');
            }
            for (String w : p.warnings()) {
                sb.append("- warning: ").append(Markdown.text(w)).append('\n');
            }
            if (verbose) {
                for (ItemView n : p.unchanged()) {
                    sb.append("- = ").append(Markdown.text(n.text())).append('\n');
                }
            }
        }
        sb.append("\n</details>\n\n");
    }
}
