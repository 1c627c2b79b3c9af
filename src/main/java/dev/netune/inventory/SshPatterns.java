package dev.netune.inventory;

import dev.netune.text.Glob;
import java.util.List;
import java.util.Locale;

/**
 * OpenSSH's host patterns ({@code *}, {@code ?}, {@code !negation}) as match.c evaluates them:
 * a pattern list matches when some positive pattern matches and no negated one does.
 */
final class SshPatterns {
    private SshPatterns() {
    }

    /** {@code Host} lines: each argument a pattern, compared case-sensitively as ssh does. */
    static boolean hostLine(List<String> patterns, String host) {
        boolean positive = false;
        for (String p : patterns) {
            for (String one : p.split(",")) { // ssh also accepts comma lists here
                boolean negate = one.startsWith("!");
                if (Glob.matches(negate ? one.substring(1) : one, host)) {
                    if (negate) {
                        return false;
                    }
                    positive = true;
                }
            }
        }
        return positive;
    }

    /** A comma-separated pattern list; {@code lower}: compare lower-cased (host names). */
    static boolean list(String patterns, String s, boolean lower) {
        String subject = lower ? s.toLowerCase(Locale.ROOT) : s;
        boolean positive = false;
        for (String raw : patterns.split(",")) {
            String p = lower ? raw.toLowerCase(Locale.ROOT) : raw;
            boolean negate = p.startsWith("!");
            if (Glob.matches(negate ? p.substring(1) : p, subject)) {
                if (negate) {
                    return false;
                }
                positive = true;
            }
        }
        return positive;
    }
}
