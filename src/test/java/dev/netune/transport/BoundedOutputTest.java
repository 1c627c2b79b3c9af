package dev.netune.transport;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BoundedOutputTest {

    private final AtomicInteger overflows = new AtomicInteger();
    private final BoundedOutput output = new BoundedOutput(10, overflows::incrementAndGet);

    @Test
    void bothStreamsShareOneBound() throws Exception {
        output.stdout().write("12345".getBytes(StandardCharsets.UTF_8));
        output.stderr().write("abcde".getBytes(StandardCharsets.UTF_8));
        assertFalse(output.overflowed(), "exactly the bound is fine");
        assertEquals("12345", output.stdoutText());
        assertEquals("abcde", output.stderrText());
        output.stdout().write('!');
        assertTrue(output.overflowed());
        assertEquals(1, overflows.get());
    }

    /** A held run waits for its mark at the end of stdout, then reads the follow-up's output from where the mark ended. */
    @Test
    void aMarkIsSeenOnlyAtTheEndAndLaterOutputIsReadFromAnOffset() throws Exception {
        BoundedOutput big = new BoundedOutput(1000, overflows::incrementAndGet);
        byte[] mark = "m 1\n".getBytes(StandardCharsets.US_ASCII);
        big.stdout().write("facts\nm ".getBytes(StandardCharsets.UTF_8));
        assertNull(big.stdoutBefore(mark), "half a mark");
        big.stdout().write("1\n".getBytes(StandardCharsets.UTF_8));
        assertEquals("facts\n", big.stdoutBefore(mark));
        int from = big.stdoutLength();
        big.stderr().write("e1\n".getBytes(StandardCharsets.UTF_8));
        int errFrom = big.stderrLength();
        big.stdout().write("applied \u00e9\n".getBytes(StandardCharsets.UTF_8));
        big.stderr().write("e2\n".getBytes(StandardCharsets.UTF_8));
        assertNull(big.stdoutBefore(mark), "no longer at the end");
        assertEquals("applied \u00e9\n", big.stdoutText(from));
        assertEquals("e2\n", big.stderrText(errFrom));
        assertEquals("facts\nm 1\napplied \u00e9\n", big.stdoutText());
    }

    @Test
    void overflowIsReportedOnceAndLaterBytesAreDropped() throws Exception {
        output.stdout().write("0123456789abc".getBytes(StandardCharsets.UTF_8));
        output.stderr().write("more".getBytes(StandardCharsets.UTF_8));
        output.stdout().write("more".getBytes(StandardCharsets.UTF_8));
        assertTrue(output.overflowed());
        assertEquals(1, overflows.get());
        assertEquals("0123456789", output.stdoutText());
        assertEquals("", output.stderrText());
    }

    @Test
    void boundsReadLikePeopleWriteThem() {
        assertEquals("64 MiB", BoundedOutput.human(64L << 20));
        assertEquals("512 KiB", BoundedOutput.human(512L << 10));
        assertEquals("1000 bytes", BoundedOutput.human(1000));
    }
}
