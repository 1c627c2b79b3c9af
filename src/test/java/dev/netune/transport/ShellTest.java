package dev.netune.transport;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ShellTest {

    @Test
    void quotesPlainWords() {
        assertEquals("'eth0'", Shell.quote("eth0"));
        assertEquals("''", Shell.quote(""));
    }

    @Test
    void quotesSingleQuotesByClosingAndEscaping() {
        assertEquals("'it'\\''s'", Shell.quote("it's"));
        assertEquals("''\\'''\\'''", Shell.quote("''"));
    }

    @Test
    void leavesEverythingElseLiteral() {
        assertEquals("'$HOME `id` \"x\" \\ ; | & * ?'", Shell.quote("$HOME `id` \"x\" \\ ; | & * ?"));
    }

    @Test
    void refusesNul() {
        assertThrows(IllegalArgumentException.class, () -> Shell.quote("a\0b"));
    }

    /** The real proof: a POSIX sh echoes every awkward value back byte for byte. */
    @Test
    void roundTripsThroughRealSh() throws TransportException {
        List<String> values = List.of("plain", "", "it's", "''", "$HOME", "$(id)", "`id`", "a\\b", "\"q\"",
                "tab\there", "new\nline", "*", "-n", "4096\t87380\t6291456", "ünïcødé", "trailing space ");
        StringBuilder script = new StringBuilder();
        for (String v : values) {
            script.append("printf '%s\\0' ").append(Shell.quote(v)).append('\n');
        }
        ExecResult result = new LocalTransport().run(script.toString(), Duration.ofSeconds(10));
        assertEquals(0, result.exitCode(), result.stderr());
        assertEquals(String.join("\0", values) + "\0", result.stdout());
    }
}
