package dev.netune.diagnose;

import dev.netune.engine.HostOutcome;
import java.util.List;

/** The result of one diagnose run over a fleet; text and JSON are renderings of it. */
public record DiagnoseResult(double intervalSeconds, List<HostDiagnosis> hosts) {
    public DiagnoseResult {
        hosts = List.copyOf(hosts);
    }

    public static DiagnoseResult of(double intervalSeconds, List<HostOutcome> outcomes, CounterGather source) {
        return new DiagnoseResult(intervalSeconds, outcomes.stream().map(o -> HostDiagnosis.of(o, source)).toList());
    }

    public boolean anyFailed() {
        return hosts.stream().anyMatch(HostDiagnosis::failed);
    }
}
