package dev.netune.transport;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
