package dev.netune.report;

import dev.netune.engine.HostOutcome;
import dev.netune.engine.HostStatus;
import dev.netune.report.PlanView.ChangeView;
import dev.netune.report.PlanView.HostView;
import dev.netune.report.PlanView.ItemView;
import dev.netune.report.PlanView.PlanPart;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A fleet's plan seen across hosts: every distinct change, plan error, warning and note once, with
 * the hosts that have it, most common first; failing hosts grouped by what they failed with.
 */
record ChangeGroups(List<Group<String>> failures, List<Group<ItemView>> errors, List<Group<ChangeView>> changes,
                    List<Group<String>> notes, List<String> unchanged, List<String> changed) {

    /** One item and the names of the hosts that have it, in report order. */
    record Group<T>(T item, List<String> hosts) {
    }

    static ChangeGroups of(List<HostOutcome> outcomes) {
        return of(PlanView.of(outcomes));
    }

    /** Grouped from the one view every format renders, so its changes are the same values. */
    static ChangeGroups of(PlanView view) {
        List<HostView> bad = view.hosts().stream().filter(h -> h.status().isError()).toList();
        // changes only of hosts that apply will change: a failed or stale host is left as it is
        List<HostView> changing = view.hosts().stream()
                .filter(h -> h.plan().isPresent() && (h.status() == HostStatus.CHANGES || h.status() == HostStatus.CHANGED))
                .toList();
        List<HostView> withPlan = view.hosts().stream().filter(h -> h.plan().isPresent()).toList();
        return new ChangeGroups(
                group(bad, h -> List.of(h.status().name()
                        + (h.outcome().message().isEmpty() ? "" : " - " + firstLine(h.outcome().message())))),
                group(withPlan, h -> h.plan().orElseThrow().errors()),
                group(changing, h -> h.plan().orElseThrow().changes()),
                group(withPlan, ChangeGroups::notes),
                view.hosts().stream().filter(h -> h.status() == HostStatus.OK).map(HostView::name).toList(),
                changing.stream().map(HostView::name).toList());
    }

    /** Deferred steps, connection risks and warnings, each with its label. */
    private static List<String> notes(HostView h) {
        PlanPart p = h.plan().orElseThrow();
        List<String> out = new ArrayList<>();
        p.deferred().forEach(d -> out.add("then: " + d));
        p.connectionRisks().forEach(r -> out.add("can cut the connection: " + r));
        p.warnings().forEach(w -> out.add("warning: " + w));
        return out;
    }

    private static <T> List<Group<T>> group(List<HostView> hostViews, Function<HostView, List<T>> items) {
        Map<T, List<String>> by = new LinkedHashMap<>();
        for (HostView h : hostViews) {
            for (T item : items.apply(h)) {
                List<String> hosts = by.computeIfAbsent(item, k -> new ArrayList<>());
                if (hosts.isEmpty() || !hosts.get(hosts.size() - 1).equals(h.name())) {
                    hosts.add(h.name());
                }
            }
        }
        List<Group<T>> out = new ArrayList<>();
        by.forEach((item, hosts) -> out.add(new Group<>(item, List.copyOf(hosts))));
        // most hosts first; ties keep report order (List.sort is stable)
        out.sort(Comparator.comparingInt((Group<T> g) -> g.hosts().size()).reversed());
        return out;
    }

    static String firstLine(String message) {
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
