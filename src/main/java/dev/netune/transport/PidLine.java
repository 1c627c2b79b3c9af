package dev.netune.transport;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The stderr filter that takes the remote wrapper's first line, {@code netune-run-pid <pid>},
 * out of the script's stderr and keeps the pid: the process whose group a stop kills.
 *
 * <p>Anything else is passed on unchanged, also when sudo fails before the wrapper runs.
 */
final class PidLine extends OutputStream {

    static final String PREFIX = "netune-run-pid ";
    /** The prefix, a long and the newline. */
    private static final int MAX_LINE = PREFIX.length() + 20;

    private final OutputStream next;
    private final byte[] head = new byte[MAX_LINE];
    private int length;
    private boolean passing;
    private volatile long pid = -1;

    PidLine(OutputStream next) {
        this.next = next;
    }

    /** The wrapper's pid, or -1 while (or when) none was announced. */
    long pid() {
        return pid;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        int i = 0;
        while (!passing && i < len) {
            byte c = b[off + i++];
            if (c == '\n') {
                take();
            } else {
                head[length++] = c;
                if (length == head.length) {
                    flushHead();
                }
            }
        }
        if (i < len) {
            next.write(b, off + i, len - i);
        }
    }

    /** Passes on a first line that ended without a newline: called once the stream is complete. */
    synchronized void finish() throws IOException {
        if (!passing) {
            flushHead();
        }
    }

    private void take() throws IOException {
        String line = new String(head, 0, length, StandardCharsets.US_ASCII);
        if (line.startsWith(PREFIX) && line.length() > PREFIX.length() && line.length() <= PREFIX.length() + 18
                && line.substring(PREFIX.length()).chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            pid = Long.parseLong(line.substring(PREFIX.length()));
            passing = true;
        } else {
            head[length++] = '\n';
            flushHead();
        }
    }

    private void flushHead() throws IOException {
        passing = true;
        next.write(head, 0, length);
    }
}
