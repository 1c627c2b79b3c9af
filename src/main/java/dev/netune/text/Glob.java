package dev.netune.text;

import java.util.regex.Pattern;

/**
 * A shell-style name pattern: {@code *} any run of characters, {@code ?} one character, all else
 * literal (no classes, no escapes), matched against the whole name. Used for NIC names, host and
 * group patterns, ssh_config Host/Match patterns and known_hosts patterns.
 */
public final class Glob {
    private Glob() {
    }

    public static Pattern compile(String glob) {
        StringBuilder re = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }

    /** Whether {@code glob} matches all of {@code name}: iterative, linear in practice, no regex backtracking. */
    public static boolean matches(String glob, String name) {
        int gi = 0;
        int ni = 0;
        int star = -1;
        int mark = 0;
        while (ni < name.length()) {
            if (gi < glob.length() && (glob.charAt(gi) == '?' || glob.charAt(gi) == name.charAt(ni))) {
                gi++;
                ni++;
            } else if (gi < glob.length() && glob.charAt(gi) == '*') {
                star = gi++;
                mark = ni;
            } else if (star >= 0) {
                gi = star + 1;
                ni = ++mark;
            } else {
                return false;
            }
        }
        while (gi < glob.length() && glob.charAt(gi) == '*') {
            gi++;
        }
        return gi == glob.length();
    }
}
