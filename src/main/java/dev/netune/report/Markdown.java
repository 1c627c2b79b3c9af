package dev.netune.report;

/**
 * Writing untrusted text (values and messages read from hosts) into CommonMark/GFM safely: it
 * stays text, never markup, HTML or a broken table.
 */
final class Markdown {
    private Markdown() {
    }

    /** Control characters shown as in text reports ({@link SafeText}), newlines as ^J: nothing a host says can start a new block. */
    static String oneLine(String s) {
        // SafeText is the one place host text is made harmless; a line break would end a table row
        return SafeText.of(s).replace("\n", "^J").replace('\t', ' ');
    }

    /** Plain text: every ASCII punctuation character backslash-escaped, as CommonMark allows. */
    static String text(String s) {
        StringBuilder sb = new StringBuilder();
        oneLine(s).codePoints().forEach(c -> {
            if (c < 128 && isPunctuation((char) c)) {
                sb.append('\\');
            }
            sb.appendCodePoint(c);
        });
        return sb.toString();
    }

    private static boolean isPunctuation(char c) {
        return "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~".indexOf(c) >= 0;
    }

    /**
     * A code span with a fence longer than any backtick run inside; in a table cell a pipe is
     * escaped (GFM splits cells before it parses code spans).
     */
    static String code(String s, boolean inTable) {
        String v = oneLine(s);
        if (v.isEmpty()) {
            return "";
        }
        int longest = 0;
        int run = 0;
        for (char c : v.toCharArray()) {
            run = c == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        String fence = "`".repeat(longest + 1);
        String pad = v.startsWith("`") || v.endsWith("`") || v.startsWith(" ") ? " " : "";
        String body = inTable ? v.replace("|", "\\|") : v;
        return fence + pad + body + pad + fence;
    }

    /** Text inside an HTML element (a {@code <summary>}). */
    static String html(String s) {
        return oneLine(s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** A fenced code block whose fence no line of the content can close. */
    static String block(String info, String content) {
        int longest = 0;
        int run = 0;
        for (char c : content.toCharArray()) {
            run = c == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        String fence = "`".repeat(Math.max(3, longest + 1));
        return fence + info + "\n" + content + (content.endsWith("\n") ? "" : "\n") + fence + "\n";
    }
}
