package dev.netune.engine;

import dev.netune.transport.ExecResult;
import dev.netune.transport.HeldRun;
import dev.netune.transport.Transport;
import dev.netune.transport.TransportException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * An open connection to a planned host, kept between plan and apply (null when the host was not
 * reached, has nothing to apply, or was planned past {@link Engine#KEPT_SESSIONS}).
 */
public final class Session implements AutoCloseable {
    final Transport transport;
    private HostOutcome outcome;
    /** The snapshot a rollback returns to; empty for a plan's apply. */
    final Optional<String> revertTo;
    /** The gather's shell, still reading, for an apply that follows at once (apply --yes); null once used. */
    private HeldRun held;

    Session(Transport transport, HostOutcome outcome) {
        this(transport, outcome, Optional.empty());
    }

    Session(Transport transport, HostOutcome outcome, Optional<String> revertTo) {
        this.transport = transport;
        this.outcome = outcome;
        this.revertTo = revertTo;
    }

    /** A planned host whose gather shell is held for its apply. */
    Session(Transport transport, HostOutcome outcome, HeldRun held) {
        this(transport, outcome);
        this.held = held;
    }

    /**
     * A host that keeps no connection: it was not reached or read, or it was planned with nothing
     * to apply (converged, or its plan has errors).
     */
    static Session unconnected(HostOutcome outcome) {
        return new Session(null, outcome);
    }

    public HostOutcome outcome() {
        return outcome;
    }

    /** Whether this session holds a connection to its host. */
    boolean connected() {
        return transport != null;
    }

    /** This session's plan without its connection, which is closed now: its apply connects again. */
    Session released() {
        close();
        return new Session(null, outcome, revertTo);
    }

    /** This plan, a connection of its own, no held shell: for a session {@link #released} before. */
    Session reconnected(Transport transport) {
        return new Session(transport, outcome, revertTo);
    }

    /** Replaces the outcome, e.g. to mark the host stale or skipped before it is applied. */
    void override(HostStatus status, String message) {
        outcome = outcome.with(status, List.of(), message);
    }

    /**
     * Runs an apply script: the first in the gather's held shell, when there is one, so the apply
     * costs the host no second execution; any other as a run of its own.
     */
    ExecResult run(String script, Duration timeout) throws TransportException {
        HeldRun h = held;
        held = null;
        return h != null ? h.then(script, timeout) : transport.run(script, timeout);
    }

    @Override
    public void close() {
        if (held != null) {
            held.close();
            held = null;
        }
        if (transport != null) {
            transport.close();
        }
    }
}
