package dev.netune.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BuildInfoTest {
    @Test
    void aValueTheBuildDidNotFillIsUnknown() {
        // a source archive has no .git: Maven leaves ${git.commit} as it is
        assertEquals("unknown", BuildInfo.filled("${git.commit}"));
        assertEquals("unknown", BuildInfo.filled(""));
        assertEquals("unknown", BuildInfo.filled(null));
        assertEquals("0123456789", BuildInfo.filled("0123456789\n"));
    }

    @Test
    void theVersionLine() {
        assertEquals("netune 1.2.3 (commit abc)", new BuildInfo("1.2.3", "abc").line());
    }
}
