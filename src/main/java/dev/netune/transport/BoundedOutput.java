package dev.netune.transport;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The stdout and stderr of one run, bounded together: bytes past the bound are dropped, the
 * overflow is remembered and reported once, so a host that streams cannot exhaust the heap.
 * Callers must fail the run on {@link #overflowed()}: the kept output is incomplete.
 */
final class BoundedOutput {

    private final long limit;
    private final Runnable onOverflow;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
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

    private void append(ByteArrayOutputStream to, byte[] b, int off, int len) {
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

    /** One of the two streams; never throws, because JSch drops the channel when its sink does. */
    private final class Part extends OutputStream {
        private final ByteArrayOutputStream to;

        Part(ByteArrayOutputStream to) {
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
