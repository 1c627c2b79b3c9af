package dev.netune.engine;

import dev.netune.transport.Transport;
import java.util.List;
import java.util.Optional;

/** An open connection to a planned host, kept between plan and apply (null when the host was not reached). */
public final class Session implements AutoCloseable {
    final Transport transport;
    private HostOutcome outcome;
    /** The snapshot a rollback returns to; empty for a plan's apply. */
    final Optional<String> revertTo;

    Session(Transport transport, HostOutcome outcome) {
        this(transport, outcome, Optional.empty());
    }

    Session(Transport transport, HostOutcome outcome, Optional<String> revertTo) {
        this.transport = transport;
        this.outcome = outcome;
        this.revertTo = revertTo;
    }

    /** A host that was not reached or read: no connection is kept. */
    static Session failed(HostOutcome outcome) {
        return new Session(null, outcome);
    }

    public HostOutcome outcome() {
        return outcome;
    }

    /** Replaces the outcome, e.g. to mark the host stale or skipped before it is applied. */
    void override(HostStatus status, String message) {
        outcome = outcome.with(status, List.of(), message);
    }

    @Override
    public void close() {
        if (transport != null) {
            transport.close();
        }
    }
}
