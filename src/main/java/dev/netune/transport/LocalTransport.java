package dev.netune.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static dev.netune.transport.TransportException.Kind.IO;
import static dev.netune.transport.TransportException.Kind.TIMEOUT;

/** A {@link Transport} to the machine netune runs on: {@code sh -s} as a child process. */
public final class LocalTransport implements Transport {

    private final boolean privileged;
    /** Bound on stdout and stderr together, as {@link SshOptions#maxOutputBytes()}. */
    private final long maxOutputBytes;

    public LocalTransport() {
        this(SshOptions.DEFAULT_MAX_OUTPUT_BYTES);
    }

    LocalTransport(long maxOutputBytes) {
        this.privileged = effectiveUid() == 0;
        this.maxOutputBytes = maxOutputBytes;
    }

    @Override
    public ExecResult run(String script, Duration timeout) throws TransportException {
        Process process;
        try {
            // argv, not a command string: the script only ever travels on stdin (see Transport).
            ProcessBuilder pb = new ProcessBuilder("sh", "-s");
            // a local run is not netune's SSH session, even when netune itself was started over SSH
            pb.environment().remove("SSH_CONNECTION");
            process = pb.start();
        } catch (IOException e) {
            throw new TransportException(IO, "cannot start sh on " + describe() + ": " + e.getMessage(), e);
        }
        // stdin is fed and stdout/stderr drained on their own threads: with pipes, any one of
        // them filling up while we wait on another would deadlock.
        Pump stdin = Pump.start("stdin", () -> {
            try (OutputStream in = process.getOutputStream()) {
                in.write(script.getBytes(StandardCharsets.UTF_8));
            }
        });
        // A script that prints without end is stopped at the bound instead of filling the heap.
        BoundedOutput output = new BoundedOutput(maxOutputBytes, () -> kill(process));
        Pump stdout = Pump.start("stdout", () -> copy(process.getInputStream(), output.stdout()));
        Pump stderr = Pump.start("stderr", () -> copy(process.getErrorStream(), output.stderr()));
        try {
            if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                kill(process);
                throw new TransportException(TIMEOUT, "script on " + describe() + " did not finish within "
                        + SshTransport.human(timeout) + "; it was stopped");
            }
            // The readers end at EOF, which comes once the last holder of the pipes exits; a
            // background child of the script that keeps them open must not hang us forever.
            stdout.join(Duration.ofSeconds(5));
            stderr.join(Duration.ofSeconds(5));
            stdin.join(Duration.ofSeconds(1));
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new TransportException(IO, "interrupted while running a script on " + describe(), e);
        }
        if (output.overflowed()) {
            throw new TransportException(IO, "output of the script on " + describe() + " passed "
                    + BoundedOutput.human(maxOutputBytes) + "; it was stopped");
        }
        return new ExecResult(process.exitValue(), output.stdoutText(), output.stderrText());
    }

    @Override
    public String describe() {
        return "localhost (local)";
    }

    @Override
    public boolean privileged() {
        return privileged;
    }

    @Override
    public void close() {
        // Nothing is held between runs.
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static void copy(InputStream from, OutputStream to) throws IOException {
        try (from) {
            from.transferTo(to);
        }
    }

    /** Effective uid from /proc/self/status ("Uid: real effective saved fs"); -1 when unknown. */
    static long effectiveUid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return Long.parseLong(line.substring(4).trim().split("\\s+")[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or an unexpected format: fall through to "unknown".
        }
        return -1;
    }

    /** One blocking copy on a daemon thread; failures are ignored because the exit code tells. */
    private static final class Pump {
        interface Body {
            void run() throws IOException;
        }

        private final Thread thread;

        private Pump(Thread thread) {
            this.thread = thread;
        }

        static Pump start(String name, Body body) {
            Thread t = new Thread(() -> {
                try {
                    body.run();
                } catch (IOException e) {
                    // stdin: sh exited before reading it all (e.g. "exit 3" early); output: process killed.
                }
            }, "netune-local-" + name);
            t.setDaemon(true);
            t.start();
            return new Pump(t);
        }

        void join(Duration limit) throws InterruptedException {
            thread.join(Math.max(1, limit.toMillis()));
        }
    }
}
