package dev.netune.fact;

import dev.netune.transport.Shell;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits the gather script's standard output into {@link Section}s.
 *
 * <p>All facts of a host come back from one remote execution; each fact source prints its
 * blocks behind marker lines so that the parsers stay pure functions of text.
 */
public final class GatherOutput {
    /** Marker that starts a block; printed by every fact source's script fragment. */
    public static final String MARKER = "@@netune ";

    private GatherOutput() {
    }

    private static final java.util.regex.Pattern KIND = java.util.regex.Pattern.compile("[a-z][a-z-]*");
    private static final java.util.regex.Pattern SPACES = java.util.regex.Pattern.compile(" +");

    /**
     * The shell command that prints a marker line: the kind (a plain word) and each argument
     * quoted here, so a value can never become shell text, whoever calls this.
     */
    public static String markerCommand(String kind, String... args) {
        if (!KIND.matcher(kind).matches()) {
            throw new IllegalArgumentException("not a marker kind: " + kind);
        }
        StringBuilder sb = new StringBuilder("echo '@@netune ").append(kind).append("'");
        for (String a : args) {
            sb.append(' ').append(Shell.quote(a));
        }
        return sb.toString();
    }

    public static List<Section> split(String stdout) {
        List<Section> sections = new ArrayList<>();
        String kind = null;
        List<String> args = List.of();
        StringBuilder body = new StringBuilder();
        for (String line : stdout.split("\n", -1)) {
            if (line.startsWith(MARKER)) {
                if (kind != null) {
                    sections.add(new Section(kind, args, trimNewline(body)));
                }
                String[] words = SPACES.split(line.substring(MARKER.length()).trim());
                kind = words[0];
                args = Arrays.asList(words).subList(1, words.length);
                body.setLength(0);
            } else if (kind != null) {
                body.append(line).append('\n');
            }
        }
        if (kind != null) {
            sections.add(new Section(kind, args, trimNewline(body)));
        }
        return sections;
    }

    private static String trimNewline(StringBuilder sb) {
        String s = sb.toString();
        // the split above adds one '\n' per line; the block's own final newline is not content
        while (s.endsWith("\n")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }
}
