package dev.netune.report;

/**
 * Text from hosts and input files made safe for a terminal: control characters other than newline
 * and tab are shown as {@code ^X} (C0 and DEL) or {@code \xNN} (C1), and characters that reorder
 * or hide text (bidi controls) as {@code <U+XXXX>}.
 *
 * <p>An escape sequence in a sysctl value, a NIC name or an error message a host sent would
 * otherwise rewrite the screen (move the cursor, clear lines, set the title, write the clipboard)
 * and make a report say something else than it does. JSON needs none of this: Jackson escapes.
 */
public final class SafeText {
    private SafeText() {
    }

    /** {@code s} with newlines and tabs kept; null as "null", as string concatenation shows it. */
    public static String of(String s) {
        if (s == null) {
            return "null";
        }
        if (clean(s)) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\t' || !unsafe(c)) {
                sb.append(c);
            } else if (c < 0x20) {
                sb.append('^').append((char) (c + 0x40));
            } else if (c == 0x7f) {
                sb.append("^?");
            } else if (c <= 0x9f) {
                sb.append(String.format("\\x%02x", (int) c));
            } else {
                sb.append(String.format("<U+%04X>", (int) c));
            }
        }
        return sb.toString();
    }

    private static boolean clean(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\n' && c != '\t' && unsafe(c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean unsafe(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f)
                || c == '\u061c' || c == '\u200e' || c == '\u200f' || (c >= '\u202a' && c <= '\u202e')
                || (c >= '\u2066' && c <= '\u2069');
    }
}
