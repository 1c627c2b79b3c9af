package dev.netune.inventory;

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
                if (glob(negate ? one.substring(1) : one, host)) {
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
            if (glob(negate ? p.substring(1) : p, subject)) {
                if (negate) {
                    return false;
                }
                positive = true;
            }
        }
        return positive;
    }

    /** {@code *} any run, {@code ?} one character, everything else literal. */
    static boolean glob(String pattern, String s) {
        return glob(pattern, 0, s, 0);
    }

    private static boolean glob(String p, int pi, String s, int si) {
        while (pi < p.length()) {
            char c = p.charAt(pi);
            if (c == '*') {
                for (int k = si; k <= s.length(); k++) {
                    if (glob(p, pi + 1, s, k)) {
                        return true;
                    }
                }
                return false;
            }
            if (si >= s.length() || (c != '?' && c != s.charAt(si))) {
                return false;
            }
            pi++;
            si++;
        }
        return si == s.length();
    }
}
