package dev.netune.profile;

import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;

/**
 * A YAML file's text on its way to SnakeYAML, refused once its long lines would cost more than
 * the longest file SnakeYAML takes by default.
 *
 * <p>SnakeYAML's reader copies a token's text again each time it fetches the next kilobyte, so
 * a token takes time growing with the square of its length: one line of 8 Mi characters took 35 s
 * on the test machine, while 8 Mi characters in short lines took 0.1 s. A file may be far larger
 * than SnakeYAML's default limit of 3 Mi characters (an inventory of 100,000 hosts is 6 MB), so
 * what is bounded is the sum of the squares of the line lengths: at most that of one line of 3 Mi,
 * the most a file could cost before. Files of ordinary lines never come near it (32 Mi characters
 * in lines of 256 Ki still fit).
 */
final class LineCostReader extends FilterReader {
    /** The square of SnakeYAML's default document limit: the cost of its longest possible line. */
    static final long MAX_COST = (3L << 20) * (3L << 20);

    private long cost;
    private long lineLength;
    private int line = 1;

    LineCostReader(Reader in) {
        super(in);
    }

    /** Raised through SnakeYAML (which wraps a reader's IOException) with the line it stopped at. */
    static final class TooCostlyException extends IOException {
        private final int line;

        TooCostlyException(int line) {
            super("lines too long for YAML: the squares of their lengths add up to more than one line of 3 Mi"
                    + " characters would (reading a line takes time growing with its length squared); break this"
                    + " line and the other long ones into shorter lines");
            this.line = line;
        }

        int line() {
            return line;
        }
    }

    @Override
    public int read() throws IOException {
        int c = super.read();
        if (c >= 0) {
            count((char) c);
        }
        return c;
    }

    @Override
    public int read(char[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        for (int i = off; i < off + n; i++) {
            count(buf[i]);
        }
        return n;
    }

    private void count(char c) throws TooCostlyException {
        if (c == '\n' || c == '\r') { // YAML breaks lines at either
            cost += lineLength * lineLength;
            lineLength = 0;
            if (c == '\n') {
                line++;
            }
            return;
        }
        lineLength++;
        if (cost + lineLength * lineLength > MAX_COST) {
            throw new TooCostlyException(line);
        }
    }
}
