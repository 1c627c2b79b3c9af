package dev.netune.transport;

import java.time.Duration;

/**
 * A script run whose shell stays open, reading its standard input, for one follow-up script:
 * an {@code apply --yes} reads a host and applies the difference in one execution, without a
 * second exec request and the shells behind it (the largest part of an apply's cost on the host
 * after the connection itself).
 *
 * <p>Exactly one of {@link #then} and {@link #close} ends it.
 */
public interface HeldRun extends AutoCloseable {

    /**
     * What the first script printed. While the shell is held its exit code is 0, the status its
     * last command (an echo) left; when the shell ended anyway, the run's real result.
     */
    ExecResult first();

    /**
     * Runs {@code script} in the held shell and ends it: its stdin closes after the script, so the
     * result is that of a whole run. A shell that has ended, or that has less time left on the
     * host's watchdog than {@code timeout}, is replaced by a run of its own.
     */
    ExecResult then(String script, Duration timeout) throws TransportException;

    /** Ends the held shell without a follow-up (its stdin closes, so it exits). */
    @Override
    void close();

    /** How a follow-up runs when nothing is held: a run of its own, over the same connection. */
    @FunctionalInterface
    interface Runner {
        ExecResult run(String script, Duration timeout) throws TransportException;
    }

    /** A first run that holds nothing: the follow-up goes to {@code runner}. */
    static HeldRun apart(Runner runner, ExecResult first) {
        return new HeldRun() {
            @Override
            public ExecResult first() {
                return first;
            }

            @Override
            public ExecResult then(String script, Duration timeout) throws TransportException {
                return runner.run(script, timeout);
            }

            @Override
            public void close() {
                // nothing is held
            }
        };
    }
}
