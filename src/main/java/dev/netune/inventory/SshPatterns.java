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

    /** Which a pattern list says of a subject: a negated pattern matched, a positive one did, or none. */
    private enum Verdict { NEGATED, POSITIVE, NONE }

    /** {@code Host} lines: each argument a pattern, compared case-sensitively as ssh does. */
    static boolean hostLine(List<String> patterns, String host) {
        boolean positive = false;
        for (String p : patterns) { // ssh also accepts comma lists here
            Verdict v = verdict(p, host);
            if (v == Verdict.NEGATED) {
                return false;
            }
            positive |= v == Verdict.POSITIVE;
        }
        return positive;
    }

    /** A comma-separated pattern list; {@code lower}: compare lower-cased (host names). */
    static boolean list(String patterns, String s, boolean lower) {
        return lower ? verdict(patterns.toLowerCase(Locale.ROOT), s.toLowerCase(Locale.ROOT)) == Verdict.POSITIVE
                : verdict(patterns, s) == Verdict.POSITIVE;
    }

    private static Verdict verdict(String patterns, String subject) {
        Verdict v = Verdict.NONE;
        for (String p : patterns.split(",")) {
            boolean negate = p.startsWith("!");
            if (Glob.matches(negate ? p.substring(1) : p, subject)) {
                if (negate) {
                    return Verdict.NEGATED;
                }
                v = Verdict.POSITIVE;
            }
        }
        return v;
    }
}
