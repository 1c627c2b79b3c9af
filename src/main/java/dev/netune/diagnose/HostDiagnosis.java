package dev.netune.diagnose;

import dev.netune.engine.HostOutcome;
import dev.netune.engine.HostStatus;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The diagnosis of one host: its findings, the checks behind them and the sources it could not
 * read, or why the host could not be read at all.
 *
 * @param seconds the time between the two samples as the host measured it (0 when not read)
 * @param checks  every check of the rules, made or not (a host without findings is healthy only this far)
 * @param unread  source to why it could not be read
 */
public record HostDiagnosis(String name, String address, HostStatus status, String message, double seconds,
                            List<Finding> findings, List<Check> checks, SortedMap<String, String> unread) {
    public HostDiagnosis {
        findings = List.copyOf(findings);
        checks = List.copyOf(checks);
        unread = Collections.unmodifiableSortedMap(new TreeMap<>(unread));
    }

    /** A diagnosis without its checks (a host that was not read, or a test of the findings only). */
    public HostDiagnosis(String name, String address, HostStatus status, String message, double seconds,
                         List<Finding> findings) {
        this(name, address, status, message, seconds, findings, List.of(), new TreeMap<>());
    }

    /** Diagnoses a host the engine read (pure once the facts are there). */
    public static HostDiagnosis of(HostOutcome o, CounterGather source) {
        if (o.status().isError() || o.facts() == null || !o.facts().has(source)) {
            return new HostDiagnosis(o.target().name(), o.target().address(),
                    o.status().isError() ? o.status() : HostStatus.FAILED, o.message(), 0, List.of());
        }
        CounterFacts f = o.facts().get(source);
        return new HostDiagnosis(o.target().name(), o.target().address(), HostStatus.OK, "", f.seconds(),
                Diagnoser.diagnose(f), Coverage.checks(f), Coverage.unread(f));
    }

    public boolean failed() {
        return status.isError();
    }

    /** "web-1 (127.0.0.1:22001)", or just the name for the local machine. */
    public String describe() {
        return name + " (" + address + ")";
    }
}
