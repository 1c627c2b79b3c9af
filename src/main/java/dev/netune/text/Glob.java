package dev.netune.text;

import java.util.regex.Pattern;

/**
 * A shell-style name pattern: {@code *} any run of characters, {@code ?} one character, all else
 * literal (no classes, no escapes), matched against the whole name. Used for NIC names and for
 * host and group patterns.
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

    public static boolean matches(String glob, String name) {
        return compile(glob).matcher(name).matches();
    }
}
