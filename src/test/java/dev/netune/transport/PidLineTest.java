package dev.netune.transport;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PidLineTest {

    private final ByteArrayOutputStream next = new ByteArrayOutputStream();
    private final PidLine line = new PidLine(next);

    private void write(String s) throws IOException {
        line.write(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void takesThePidLineOutOfStderr() throws IOException {
        write("netune-run-pid 4242\nwarning: x\n");
        line.finish();
        assertEquals(4242, line.pid());
        assertEquals("warning: x\n", next.toString(StandardCharsets.UTF_8));
    }

    @Test
    void worksWhenTheLineArrivesInPieces() throws IOException {
        write("netune-run");
        write("-pid 1");
        assertEquals(-1, line.pid());
        write("7\nrest");
        line.finish();
        assertEquals(17, line.pid());
        assertEquals("rest", next.toString(StandardCharsets.UTF_8));
    }

    @Test
    void anyOtherFirstLineIsPassedOnWhole() throws IOException {
        write("sudo: a password is required\n");
        line.finish();
        assertEquals(-1, line.pid());
        assertEquals("sudo: a password is required\n", next.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aShortFirstLineWithoutNewlineIsPassedOnAtTheEnd() throws IOException {
        write("oops");
        assertEquals("", next.toString(StandardCharsets.UTF_8));
        line.finish();
        assertEquals("oops", next.toString(StandardCharsets.UTF_8));
    }

    @Test
    void notANumberIsNotAPid() throws IOException {
        write("netune-run-pid 12; rm -rf /\n");
        line.finish();
        assertEquals(-1, line.pid());
        assertEquals("netune-run-pid 12; rm -rf /\n", next.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aLongFirstLineIsPassedOnUnchanged() throws IOException {
        String long1 = "x".repeat(100) + "\nnetune-run-pid 5\n";
        write(long1);
        line.finish();
        assertEquals(-1, line.pid());
        assertEquals(long1, next.toString(StandardCharsets.UTF_8));
    }
}
