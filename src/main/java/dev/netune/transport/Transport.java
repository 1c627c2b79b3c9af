package dev.netune.transport;

import java.time.Duration;

/**
 * A connection to one target host that runs POSIX sh scripts on it.
 *
 * <p>The script is fed to {@code sh -s} on standard input (through {@code sudo -n} when the
 * target needs privilege escalation), so no part of it is ever passed on a command line.
 * Values inside scripts are quoted by {@link Shell#quote(String)} and nowhere else.
 * One Transport is one connection: callers run the gather script and the apply script over
 * the same Transport.
 */
public interface Transport extends AutoCloseable {

    /** Runs a script and waits for it; a non-zero exit code is a result, not an exception. */
    ExecResult run(String script, Duration timeout) throws TransportException;

    /**
     * Runs a script and keeps its shell for one follow-up (see {@link HeldRun}); {@code timeout}
     * bounds the first script, the follow-up has its own. This default holds nothing: the
     * follow-up becomes a run of its own.
     */
    default HeldRun hold(String script, Duration timeout) throws TransportException {
        return HeldRun.apart(this::run, run(script, timeout));
    }

    /** Human-readable name of the target, for messages ("web-1 (127.0.0.1:22001)"). */
    String describe();

    /** Whether scripts run as root on the target (directly or through sudo). */
    boolean privileged();

    @Override
    void close();
}
