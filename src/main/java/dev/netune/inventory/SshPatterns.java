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

    /** {@code *} any run, {@code ?} one character, everything else literal (iterative: no backtracking blow-up). */
    static boolean glob(String p, String s) {
        int pi = 0;
        int si = 0;
        int star = -1;
        int mark = 0;
        while (si < s.length()) {
            if (pi < p.length() && (p.charAt(pi) == '?' || p.charAt(pi) == s.charAt(si))) {
                pi++;
                si++;
            } else if (pi < p.length() && p.charAt(pi) == '*') {
                star = pi++;
                mark = si;
            } else if (star >= 0) {
                pi = star + 1;
                si = ++mark;
            } else {
                return false;
            }
        }
        while (pi < p.length() && p.charAt(pi) == '*') {
            pi++;
        }
        return pi == p.length();
    }
}
