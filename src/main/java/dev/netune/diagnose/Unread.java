package dev.netune.diagnose;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Why a source of a diagnose sample could not be read, in words a person can act on. */
final class Unread {
    static final String NO_ETHTOOL = "ethtool is not installed (install the ethtool package)";
    static final String NO_CONNTRACK = "absent: the nf_conntrack module is not loaded (no connection tracking on this"
            + " host or in this network namespace)";

    private Unread() {
    }

    /** The reason of a failed {@code ethtool -S}: exit 127 is a missing ethtool, else its first line. */
    static String ethtool(String exitCode, String body) {
        if (exitCode.equals("127")) {
            return NO_ETHTOOL;
        }
        String first = firstLine(body);
        return first.isEmpty() ? "ethtool -S exited with " + exitCode : first;
    }

    static void ifEmpty(boolean empty, String source, String body, Map<String, String> unread) {
        if (empty) {
            String first = firstLine(body);
            unread.put(source, first.isEmpty() ? "empty" : first);
        }
    }

    /** {@code cat: /proc/net/snmp: No such file or directory} lines name the file that failed. */
    static void catErrors(String body, Map<String, String> unread) {
        body.lines().filter(l -> l.startsWith("cat: ")).forEach(l -> {
            String rest = l.substring(5);
            int colon = rest.lastIndexOf(": ");
            unread.put(colon < 0 ? rest : rest.substring(0, colon), colon < 0 ? "unreadable" : rest.substring(colon + 2));
        });
    }

    static <T> Optional<T> attempt(String source, String body, Function<String, T> parser, Map<String, String> unread) {
        try {
            return Optional.of(parser.apply(body));
        } catch (RuntimeException e) {
            String first = firstLine(body);
            unread.put(source, first.isEmpty() ? "empty" : first.startsWith("cat: ") ? first.substring(first.lastIndexOf(": ") + 2)
                    : "unreadable (" + e.getMessage() + ")");
            return Optional.empty();
        }
    }

    private static String firstLine(String body) {
        String t = body.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }
}
