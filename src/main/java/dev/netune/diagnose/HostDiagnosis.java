package dev.netune.diagnose;

import dev.netune.engine.HostOutcome;
import dev.netune.engine.HostStatus;
import java.util.List;

/**
 * The diagnosis of one host: its findings, or why it could not be read.
 *
 * @param seconds the time between the two samples as the host measured it (0 when not read)
 */
public record HostDiagnosis(String name, String address, HostStatus status, String message, double seconds,
                            List<Finding> findings) {
    public HostDiagnosis {
        findings = List.copyOf(findings);
    }

    /** Diagnoses a host the engine read (pure once the facts are there). */
    public static HostDiagnosis of(HostOutcome o, CounterGather source) {
        if (o.status().isError() || o.facts() == null || !o.facts().has(source)) {
            return new HostDiagnosis(o.target().name(), o.target().address(),
                    o.status().isError() ? o.status() : HostStatus.FAILED, o.message(), 0, List.of());
        }
        CounterFacts f = o.facts().get(source);
        return new HostDiagnosis(o.target().name(), o.target().address(), HostStatus.OK, "", f.seconds(),
                Diagnoser.diagnose(f));
    }

    public boolean failed() {
        return status.isError();
    }

    /** "web-1 (127.0.0.1:22001)", or just the name for the local machine. */
    public String describe() {
        return name + " (" + address + ")";
    }
}
