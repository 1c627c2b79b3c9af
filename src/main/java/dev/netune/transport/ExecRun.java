package dev.netune.transport;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static dev.netune.transport.TransportException.Kind.AUTH;
import static dev.netune.transport.TransportException.Kind.IO;
import static dev.netune.transport.TransportException.Kind.TIMEOUT;
import static dev.netune.transport.TransportException.Kind.UNREACHABLE;

/**
 * One script run on an exec channel of an SSH session: script on stdin, output bounded, and a
 * stop at the deadline or the output bound that ends the script's whole process group on the host.
 *
 * <p>Why not sshd's signal request: OpenSSH refuses it for root logins ("session signalling
 * requires privilege separation"), and for other users it reaches only the top process, sudo,
 * which cannot pass SIGKILL on. So the remote wrapper announces its pid (see {@link PidLine}),
 * and a stop runs a second, short exec channel that kills that pid's process group, TERM first
 * (timeout(1) passes it on and {@code -k} follows up with KILL), then KILL for what is left.
 * The stop counts as done only once sshd closes the run's channel: every process holding the
 * script's output has ended.
 *
 * <p>A held run ({@link #hold}) is the same run in two parts, each under its own deadline: the
 * first script, and later the follow-up written to the same shell's stdin.
 */
final class ExecRun {

    /** How long a stop may take on the host, for the kill and again for the channel to close. */
    static final Duration STOP_GRACE = Duration.ofSeconds(3);
    /** At most this much of a stopped script's last line goes into the error. */
    private static final int LAST_LINE_CHARS = 160;

    private enum Reason { TIMEOUT, OUTPUT, INTERRUPTED }

    private final Session session;
    private final SshTarget target;
    private final long maxOutputBytes;
    private ChannelExec channel;
    /** Signalled by the channel's output streams: what waits for the mark or the channel's end sleeps on. */
    private final ChannelWakeup wakeup = new ChannelWakeup();
    private BoundedOutput output;
    /** Where the output of the part now running starts: 0, or past a held run's mark. */
    private int stdoutFrom;
    private int stderrFrom;
    private OutputStream stdin;
    private PidLine pidLine;
    private Reason reason;
    private volatile boolean confirmed;
    private final CountDownLatch stopped = new CountDownLatch(1);

    ExecRun(Session session, SshTarget target, long maxOutputBytes) {
        this.session = session;
        this.target = target;
        this.maxOutputBytes = maxOutputBytes;
    }

    ExecResult run(String script, Duration timeout) throws TransportException {
        long deadline = System.nanoTime() + timeout.toNanos();
        open(timeout);
        underDeadline(deadline, timeout, () -> {
            connect(deadline);
            // Blocks while sshd keeps its window shut (the script not reading stdin); a stop
            // ends the wait by closing the channel.
            stdin.write(script.getBytes(StandardCharsets.UTF_8));
            stdin.close();
            awaitClosed();
        });
        return result();
    }

    /**
     * Runs {@code script}, then a line that prints a random mark (no line the script prints by
     * chance), and keeps the shell reading stdin once the mark has come back (see {@link HeldRun}). The host's
     * watchdog is set for two {@code timeout}s, so a follow-up that starts at once still has one
     * whole {@code timeout} and more there.
     */
    HeldRun hold(String script, Duration timeout) throws TransportException {
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        Duration hostTimeout = timeout.multipliedBy(2);
        String mark = "netune-held " + Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
        byte[] markLine = (mark + "\n").getBytes(StandardCharsets.US_ASCII);
        String[] before = new String[1];
        open(hostTimeout);
        underDeadline(deadline, timeout, () -> {
            connect(deadline);
            stdin.write((script + "\necho '" + mark + "'\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
            wakeup.await(() -> channel.isClosed() || (before[0] = output.stdoutBefore(markLine)) != null);
        });
        if (before[0] == null) {
            // the shell ended before the mark (an exit in the script, the host's watchdog): a whole run
            return HeldRun.apart(this::runAlone, result());
        }
        ExecResult first = new ExecResult(0, before[0], output.stderrText());
        stdoutFrom = output.stdoutLength();
        stderrFrom = output.stderrLength();
        return new Held(first, started + hostTimeout.toNanos());
    }

    /** The held shell of {@link #hold}, once its mark has come back. */
    private final class Held implements HeldRun {
        private final ExecResult first;
        /**
         * When the host's watchdog ends the shell, by this machine's clock: counted from before the
         * channel opened, so it errs early, on the side of a run of its own.
         */
        private final long hostDeadline;
        private boolean ended;

        Held(ExecResult first, long hostDeadline) {
            this.first = first;
            this.hostDeadline = hostDeadline;
        }

        @Override
        public ExecResult first() {
            return first;
        }

        @Override
        public ExecResult then(String script, Duration timeout) throws TransportException {
            endOnce();
            long deadline = System.nanoTime() + timeout.toNanos();
            // the host-side watchdog must outlast the follow-up by its second of grace, as for a run of its own
            if (channel.isClosed() || hostDeadline - deadline < TimeUnit.SECONDS.toNanos(1)) {
                endShell();
                return runAlone(script, timeout);
            }
            underDeadline(deadline, timeout, () -> {
                stdin.write(script.getBytes(StandardCharsets.UTF_8));
                stdin.close();
                awaitClosed();
            });
            return result();
        }

        @Override
        public void close() {
            if (!ended) {
                ended = true;
                endShell();
            }
        }

        private void endOnce() {
            if (ended) {
                throw new IllegalStateException("a held run takes one follow-up or one close");
            }
            ended = true;
        }
    }

    /** A run of its own on the same session: for a follow-up the held shell cannot take. */
    private ExecResult runAlone(String script, Duration timeout) throws TransportException {
        return new ExecRun(session, target, maxOutputBytes).run(script, timeout);
    }

    /** Ends a held shell: end of file on its stdin, and the channel closed without waiting for its exit. */
    private void endShell() {
        try {
            stdin.close();
        } catch (IOException e) {
            // the channel is gone already: so is the shell
        }
        channel.disconnect();
    }

    /** Opens the exec channel, its command set for a host-side watchdog of {@code hostTimeout}. */
    private void open(Duration hostTimeout) throws TransportException {
        try {
            channel = (ChannelExec) session.openChannel("exec");
        } catch (JSchException e) {
            throw lost("cannot open a channel", e);
        }
        output = new BoundedOutput(maxOutputBytes, () -> stop(Reason.OUTPUT));
        pidLine = new PidLine(output.stderr());
        // The script travels on stdin, so it never meets a command line (see Transport).
        channel.setCommand(SshTransport.remoteCommand(target.needsSudo(), hostTimeout));
        // JSch's session thread writes into these directly: no pipe to drain, no deadlock.
        channel.setOutputStream(wakeup.watching(output.stdout()));
        channel.setErrStream(wakeup.watching(pidLine));
    }

    private void connect(long deadline) throws JSchException, IOException {
        stdin = channel.getOutputStream();
        channel.connect(Math.max(1, SshTransport.millisUntil(deadline)));
    }

    private void awaitClosed() throws InterruptedException {
        wakeup.await(channel::isClosed);
    }

    /** One part of a run, with the stop at {@code deadline}; a lost channel, a stop or an interrupt is the run's error. */
    private void underDeadline(long deadline, Duration timeout, Step step) throws TransportException {
        ScheduledFuture<?> timer = Watchdog.at(deadline, () -> stop(Reason.TIMEOUT));
        try {
            step.run();
        } catch (JSchException | IOException e) {
            // after a stop, the channel closing under a write is the stop at work, not the error
            if (stopReason() == null) {
                channel.disconnect();
                throw lost("running the script failed", e);
            }
        } catch (InterruptedException e) {
            stop(Reason.INTERRUPTED);
            Thread.currentThread().interrupt();
            throw new TransportException(IO, "interrupted while running a script on " + describe(), e);
        } finally {
            timer.cancel(false);
        }
        if (stopReason() != null) {
            throw stopFailure(timeout);
        }
    }

    private interface Step {
        void run() throws JSchException, IOException, InterruptedException;
    }

    /** The ended run's result: the output of its last part (a held run's follow-up, after the mark). */
    private ExecResult result() throws TransportException {
        channel.disconnect();
        try {
            pidLine.finish();
        } catch (IOException e) {
            throw new IllegalStateException("BoundedOutput does not throw", e);
        }
        int exit = channel.getExitStatus();
        String out = output.stdoutText(stdoutFrom);
        String err = output.stderrText(stderrFrom);
        if (exit < 0) {
            // sshd sends no exit status when the process died from a signal or the link broke.
            throw new TransportException(session.isConnected() ? IO : UNREACHABLE, "script on " + describe()
                    + " ended without an exit status (killed by a signal, or the connection dropped)");
        }
        if (target.needsSudo() && SshTransport.sudoWantsPassword(exit, out, err)) {
            throw new TransportException(AUTH, "sudo on " + describe() + " requires a password; netune needs"
                    + " passwordless sudo (NOPASSWD) for user " + target.user());
        }
        return new ExecResult(exit, out, err);
    }

    private synchronized Reason stopReason() {
        return reason;
    }

    /**
     * Starts stopping the script, once; returns at once (it may run on JSch's session thread,
     * which has to keep reading for the stop to work).
     */
    private void stop(Reason why) {
        synchronized (this) {
            // a deadline that passes as the script ends is no reason to report it stopped
            if (reason != null || (why == Reason.TIMEOUT && channel.isClosed())) {
                return;
            }
            reason = why;
        }
        Thread t = new Thread(() -> {
            try {
                killGroup();
                confirmed = awaitClosed(System.nanoTime() + STOP_GRACE.toNanos());
            } finally {
                channel.disconnect();
                stopped.countDown();
            }
        }, "netune-stop " + target.name());
        t.setDaemon(true);
        t.start();
    }

    /** Kills the announced process group over a second channel; best effort, bounded by the grace. */
    private void killGroup() {
        long pid = pidLine.pid();
        if (pid < 0) {
            // No pid yet (the channel is still opening): closing the channel is all there is.
            return;
        }
        ChannelExec killer = null;
        try {
            killer = (ChannelExec) session.openChannel("exec");
            killer.setCommand(killCommand(target.needsSudo(), pid));
            ChannelWakeup killed = new ChannelWakeup();
            // the kill prints nothing: the stream is there for its close, which is the channel's
            killer.setOutputStream(killed.watching(OutputStream.nullOutputStream()));
            killer.connect(SshTransport.millis(STOP_GRACE));
            killed.await(killer::isClosed, System.nanoTime() + STOP_GRACE.toNanos());
        } catch (JSchException e) {
            // Connection gone or the host refuses channels: nothing more we can do from here.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (killer != null) {
                killer.disconnect();
            }
        }
    }

    private boolean awaitClosed(long untilNanos) {
        try {
            return wakeup.await(channel::isClosed, untilNanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return channel.isClosed();
        }
    }

    private TransportException stopFailure(Duration timeout) {
        try {
            // the stop thread ends within its two graces; the margin is for a loaded machine
            if (!stopped.await(STOP_GRACE.toMillis() * 3, TimeUnit.MILLISECONDS)) {
                channel.disconnect();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String outcome = confirmed ? "it was stopped"
                : "netune tried to stop it, but the host did not confirm that it ended: it may still be running";
        if (stopReason() == Reason.OUTPUT) {
            return new TransportException(IO, "output of the script on " + describe() + " passed "
                    + BoundedOutput.human(maxOutputBytes) + "; " + outcome);
        }
        return new TransportException(TIMEOUT, "script on " + describe() + " did not finish within "
                + SshTransport.human(timeout) + "; " + outcome + lastLine(output.stdoutText(stdoutFrom)));
    }

    /** How far a stopped script got, for whoever reads the error: its last line of output, bounded. */
    static String lastLine(String stdout) {
        String last = stdout.strip().lines().reduce((a, b) -> b).orElse("").replaceAll("\\p{Cntrl}", "?");
        if (last.isEmpty()) {
            return "";
        }
        String shown = last.length() > LAST_LINE_CHARS ? last.substring(0, LAST_LINE_CHARS) + "..." : last;
        return " (the last line it printed: '" + shown + "')";
    }

    /**
     * Kills the process group of {@code pid} as the run's user (through sudo when the run used
     * it): TERM, up to two seconds for it to work, then KILL. Only an integer is inserted.
     * The group comes from /proc/PID/stat (field 5); groups 0 and 1 are never signalled.
     */
    static String killCommand(boolean sudo, long pid) {
        String kill = "read -r _ _ _ _ g _ < /proc/" + pid + "/stat || exit 0; [ \"$g\" -gt 1 ] || exit 0;"
                + " kill -TERM -$g; n=0; while kill -0 -$g && [ $n -lt 20 ]; do sleep 0.1; n=$((n+1)); done;"
                + " kill -KILL -$g; exit 0";
        return (sudo ? "sudo -n " : "") + "sh -c '" + kill + "' >/dev/null 2>&1";
    }

    private String describe() {
        return target.describe();
    }

    private TransportException lost(String what, Exception e) {
        if (!session.isConnected()) {
            return new TransportException(UNREACHABLE, "connection to " + describe() + " was lost", e);
        }
        return new TransportException(IO, what + " on " + describe() + ": " + e.getMessage(), e);
    }
}
