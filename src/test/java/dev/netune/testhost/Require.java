package dev.netune.testhost;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;

/**
 * A precondition of a test on this machine: on a developer's machine an unmet one skips the
 * test, but in CI (the {@code CI} environment variable set, as scripts/test.sh does) it fails it,
 * because the test script installs everything the tests need and a skipped test proves nothing.
 */
public final class Require {
    private Require() {
    }

    public static void that(boolean met, String what) {
        if (met) {
            return;
        }
        if (inCi()) {
            fail("CI must provide this, but it is missing: " + what);
        }
        Assumptions.assumeTrue(false, what);
    }

    static boolean inCi() {
        String ci = System.getenv("CI");
        return ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false");
    }
}
