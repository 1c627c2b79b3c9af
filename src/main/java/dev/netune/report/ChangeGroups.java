package dev.netune.report;

import dev.netune.engine.HostOutcome;
import dev.netune.engine.HostStatus;
import dev.netune.plan.Change;
import dev.netune.plan.HostPlan;
import dev.netune.plan.PlanError;
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
record ChangeGroups(List<Group<String>> failures, List<Group<PlanError>> errors, List<Group<Change>> changes,
                    List<Group<String>> notes, List<String> unchanged, List<String> changed) {

    /** One item and the names of the hosts that have it, in report order. */
    record Group<T>(T item, List<String> hosts) {
        String hostList(int max) {
            return HostRanges.compress(hosts, max);
        }
    }

    static ChangeGroups of(List<HostOutcome> outcomes) {
        List<HostOutcome> bad = outcomes.stream().filter(o -> o.status().isError()).toList();
        // changes only of hosts that apply will change: a failed or stale host is left as it is
        List<HostOutcome> changing = outcomes.stream()
                .filter(o -> o.plan() != null && (o.status() == HostStatus.CHANGES || o.status() == HostStatus.CHANGED))
                .toList();
        List<HostOutcome> withPlan = outcomes.stream().filter(o -> o.plan() != null).toList();
        return new ChangeGroups(
                group(bad, o -> List.of(o.status().name() + (o.message().isEmpty() ? "" : " - " + firstLine(o.message())))),
                group(withPlan, o -> o.plan().errors()),
                group(changing, o -> o.plan().changes()),
                group(withPlan, ChangeGroups::notes),
                outcomes.stream().filter(o -> o.status() == HostStatus.OK).map(o -> o.target().name()).toList(),
                changing.stream().map(o -> o.target().name()).toList());
    }

    /** Deferred steps, connection risks and warnings, each with its label. */
    private static List<String> notes(HostOutcome o) {
        HostPlan p = o.plan();
        List<String> out = new ArrayList<>();
        p.deferred().forEach(d -> out.add("then: " + d));
        p.connectionRisks().forEach(r -> out.add("can cut the connection: " + r));
        p.warnings().forEach(w -> out.add("warning: " + w));
        return out;
    }

    private static <T> List<Group<T>> group(List<HostOutcome> outcomes, Function<HostOutcome, List<T>> items) {
        Map<T, List<String>> by = new LinkedHashMap<>();
        for (HostOutcome o : outcomes) {
            for (T item : items.apply(o)) {
                List<String> hosts = by.computeIfAbsent(item, k -> new ArrayList<>());
                if (hosts.isEmpty() || !hosts.get(hosts.size() - 1).equals(o.target().name())) {
                    hosts.add(o.target().name());
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
