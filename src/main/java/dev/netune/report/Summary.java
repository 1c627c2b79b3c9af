package dev.netune.report;

import dev.netune.engine.HostOutcome;
import dev.netune.engine.HostStatus;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Counts of hosts by status and of changes, for the last line of a report and the exit code. */
public record Summary(int hosts, Map<HostStatus, Integer> byStatus, int changes) {

    public static Summary of(List<HostOutcome> outcomes) {
        Map<HostStatus, Integer> by = new EnumMap<>(HostStatus.class);
        for (HostStatus s : HostStatus.values()) {
            by.put(s, 0);
        }
        int changes = 0;
        for (HostOutcome o : outcomes) {
            by.merge(o.status(), 1, Integer::sum);
            // only changes that apply will make: failed and stale hosts are not changed
            if (o.plan() != null && (o.status() == HostStatus.CHANGES || o.status() == HostStatus.CHANGED)) {
                changes += o.plan().changes().size();
            }
        }
        return new Summary(outcomes.size(), by, changes);
    }

    public int count(HostStatus s) {
        return byStatus.get(s);
    }

    public boolean anyError() {
        return byStatus.entrySet().stream().anyMatch(e -> e.getKey().isError() && e.getValue() > 0);
    }
}
