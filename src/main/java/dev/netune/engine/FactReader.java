package dev.netune.engine;

import dev.netune.fact.FactSource;
import dev.netune.fact.Gather;
import dev.netune.fact.HostFacts;
import dev.netune.kinds.Planner;
import dev.netune.profile.DesiredState;
import dev.netune.transport.ExecResult;
import dev.netune.transport.HeldRun;
import dev.netune.transport.Transport;
import dev.netune.transport.TransportException;
import java.time.Duration;
import java.util.List;

/** Reads facts over an open connection: one gather script, one execution, parsed. */
final class FactReader {
    private FactReader() {
    }

    /** Every fact the desired state needs. */
    static HostFacts gather(Transport transport, DesiredState desired, Duration timeout)
            throws TransportException, Gather.IncompleteFactsException {
        return run(transport, Planner.facts(desired), timeout);
    }

    /**
     * What a confirmation reads over its new connection: the profile's facts, or for a rollback
     * (no profile) every kind's default facts, so the reply is large enough to prove the session
     * carries large packets (a wrong MTU lets a handshake through).
     */
    static HostFacts confirmation(Transport transport, DesiredState desired, Duration timeout)
            throws TransportException, Gather.IncompleteFactsException {
        return desired.isEmpty() ? run(transport, Planner.defaultFacts(), timeout) : gather(transport, desired, timeout);
    }

    /**
     * Every fact the desired state needs, read by a run whose shell stays open for the apply that
     * follows at once ({@link Transport#hold}); the held run is closed when the facts are incomplete.
     */
    static Held gatherHolding(Transport transport, DesiredState desired, Duration timeout)
            throws TransportException, Gather.IncompleteFactsException {
        Gather gather = gatherOf(Planner.facts(desired));
        HeldRun run = transport.hold(gather.script(), timeout);
        try {
            return new Held(parse(gather, run.first()), run);
        } catch (Gather.IncompleteFactsException e) {
            run.close();
            throw e;
        }
    }

    /** Facts, and the shell that read them, still open. */
    record Held(HostFacts facts, HeldRun run) {
    }

    /** Runs the sources' gather script and parses it. */
    static HostFacts run(Transport transport, List<FactSource<?>> sources, Duration timeout)
            throws TransportException, Gather.IncompleteFactsException {
        Gather gather = gatherOf(sources);
        return parse(gather, transport.run(gather.script(), timeout));
    }

    private static Gather gatherOf(List<FactSource<?>> sources) {
        Gather gather = new Gather();
        sources.forEach(gather::add);
        return gather;
    }

    /** The gather's output parsed; a script cut short is an error naming its exit and stderr. */
    private static HostFacts parse(Gather gather, ExecResult r) throws Gather.IncompleteFactsException {
        try {
            return gather.parse(r.stdout());
        } catch (Gather.IncompleteFactsException e) {
            throw new Gather.IncompleteFactsException("reading facts failed (exit " + r.exitCode() + "): "
                    + firstLine(r.stderr()));
        }
    }

    static String firstLine(String s) {
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }
}
