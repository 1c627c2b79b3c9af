package dev.netune.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netune.transport.ExecResult;
import dev.netune.transport.LocalTransport;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApplyScriptTest {
    private static ExecResult sh(String script) throws Exception {
        return new LocalTransport().run(script, Duration.ofSeconds(20));
    }

    @Test
    void theWholeApplyIsOneBraceGroup() {
        String script = ApplyScript.of(List.of(), Snapshot.of(List.of(), "ops@ci"), ApplyPolicy.DEFAULT, false);
        assertTrue(script.startsWith("{\nexport LC_ALL=C\n") && script.endsWith("\n}\n"), script);
    }

    /** sh, the host's reader, runs nothing of a brace group it did not get to its end. */
    @Test
    void aScriptCutInTransitRunsNothing() throws Exception {
        String script = ApplyScript.whole("echo first change\ncat <<'NETUNE_VALUE'\nsecond\nNETUNE_VALUE\necho third change\n");
        assertEquals("first change\nsecond\nthird change\n", sh(script).stdout());
        for (int cut : new int[] {script.indexOf("cat"), script.indexOf("second"), script.indexOf("third"), script.length() - 2}) {
            ExecResult r = sh(script.substring(0, cut));
            assertEquals("", r.stdout(), "cut at " + cut + ": " + r);
            assertTrue(r.exitCode() != 0, r.toString());
        }
    }
}
