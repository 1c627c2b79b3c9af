package dev.netune.transport;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The stdout and stderr of one run, bounded together: bytes past the bound are dropped, the
 * overflow is remembered and reported once, so a host that streams cannot exhaust the heap.
 * Callers must fail the run on {@link #overflowed()}: the kept output is incomplete.
 */
final class BoundedOutput {

    private final long limit;
    private final Runnable onOverflow;
    private final Bytes out = new Bytes();
    private final Bytes err = new Bytes();
    private long total;
    private boolean overflowed;

    /** {@code onOverflow} runs once, on the writing thread, when the bound is first passed: keep it quick. */
    BoundedOutput(long limit, Runnable onOverflow) {
        this.limit = limit;
        this.onOverflow = onOverflow;
    }

    OutputStream stdout() {
        return new Part(out);
    }

    OutputStream stderr() {
        return new Part(err);
    }

    synchronized boolean overflowed() {
        return overflowed;
    }

    synchronized String stdoutText() {
        return out.toString(StandardCharsets.UTF_8);
    }

    synchronized String stderrText() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** Bytes of stdout so far: where a later part of the run's output starts. */
    synchronized int stdoutLength() {
        return out.size();
    }

    synchronized int stderrLength() {
        return err.size();
    }

    /** stdout from byte {@code from} on (a {@link #stdoutLength()} taken earlier). */
    synchronized String stdoutText(int from) {
        return out.text(from, out.size());
    }

    synchronized String stderrText(int from) {
        return err.text(from, err.size());
    }

    /** stdout so far without its last {@code suffix.length} bytes, when it ends with {@code suffix}; else null. */
    synchronized String stdoutBefore(byte[] suffix) {
        return out.endsWith(suffix) ? out.text(0, out.size() - suffix.length) : null;
    }

    private void append(Bytes to, byte[] b, int off, int len) {
        boolean first;
        synchronized (this) {
            if (overflowed) {
                return;
            }
            long room = limit - total;
            first = len > room;
            int keep = (int) Math.min(len, room);
            to.write(b, off, keep);
            total += keep;
            overflowed = first;
        }
        if (first) {
            onOverflow.run();
        }
    }

    /** A byte buffer that can look at its own tail without copying the whole of it. */
    private static final class Bytes extends ByteArrayOutputStream {
        boolean endsWith(byte[] suffix) {
            if (count < suffix.length) {
                return false;
            }
            return Arrays.equals(buf, count - suffix.length, count, suffix, 0, suffix.length);
        }

        String text(int from, int to) {
            return new String(buf, from, to - from, StandardCharsets.UTF_8);
        }
    }

    /** One of the two streams; never throws, because JSch drops the channel when its sink does. */
    private final class Part extends OutputStream {
        private final Bytes to;

        Part(Bytes to) {
            this.to = to;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            append(to, b, off, len);
        }
    }

    /** "64 MiB", "512 KiB", "1000 bytes": the bound as people set it. */
    static String human(long bytes) {
        if (bytes >= 1 << 20 && bytes % (1 << 20) == 0) {
            return (bytes >> 20) + " MiB";
        }
        if (bytes >= 1 << 10 && bytes % (1 << 10) == 0) {
            return (bytes >> 10) + " KiB";
        }
        return bytes + " bytes";
    }
}
