package dev.netune.inventory;

import dev.netune.inventory.AnsibleVar.Origin;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ansible's text rules shared by its inventory formats: host ranges ({@code web-[01:20]},
 * {@code db-[a:c]}), INI comments and quotes, shlex-style words, {@code host:port}.
 */
final class AnsibleText {
    private static final Pattern RANGE = Pattern.compile("\\[([0-9]+|[a-z]):([0-9]+|[a-z])(?::([0-9]+))?]");
    private static final Pattern BRACKETED_V6_PORT = Pattern.compile("\\[([0-9A-Fa-f:.]+)]:(\\d+)");
    private static final Pattern HOST_PORT = Pattern.compile("(.+):(\\d+)");

    private final AnsibleModel model;

    AnsibleText(AnsibleModel model) {
        this.model = model;
    }

    /** {@code [host, port]} of "web-1:2222", "[2001:db8::1]:2222"; port null when none (a bare IPv6 address). */
    static String[] hostPort(String pattern) {
        Matcher v6 = BRACKETED_V6_PORT.matcher(pattern);
        if (v6.matches()) {
            return new String[] {v6.group(1), v6.group(2)};
        }
        // ranges may hold ':' ("web-[1:3]:2222"); a bare IPv6 address has several
        String skeleton = RANGE.matcher(pattern).replaceAll("R");
        Matcher hp = HOST_PORT.matcher(pattern);
        if (skeleton.indexOf(':') == skeleton.lastIndexOf(':') && skeleton.matches("[^:]+:\\d+") && hp.matches()) {
            return new String[] {hp.group(1), hp.group(2)};
        }
        return new String[] {pattern, null};
    }


    /** At most this many hosts from one pattern: {@code h[0:9999][0:9999]} is 10^8 names. */
    static final long MAX_HOSTS_PER_PATTERN = 100_000;
    /** At most this many hosts from all patterns of the inventory together. */
    static final long MAX_HOSTS = 200_000;
    private long hostsExpanded;

    /**
     * Host patterns with ranges: {@code web-[01:03]} is web-01, web-02, web-03; {@code [a:c]}.
     * The number of names is worked out before any is made, so a pattern multiplying ranges
     * is refused instead of filling the heap.
     */
    List<String> expand(String pattern, Origin at) {
        long count = 1;
        Matcher r = RANGE.matcher(pattern);
        while (count <= MAX_HOSTS_PER_PATTERN && r.find()) {
            count *= rangeSize(r); // at most 10^5 * (10^9 + 1): no overflow
        }
        if (count > MAX_HOSTS_PER_PATTERN) {
            model.problem(at, "host pattern '" + pattern + "' expands to more than " + MAX_HOSTS_PER_PATTERN + " hosts");
            return List.of();
        }
        if (hostsExpanded + count > MAX_HOSTS) {
            if (hostsExpanded <= MAX_HOSTS) { // said once; later patterns are not expanded either
                model.problem(at, "the inventory's host patterns expand to more than " + MAX_HOSTS + " hosts");
            }
            hostsExpanded = MAX_HOSTS + 1;
            return List.of();
        }
        hostsExpanded += count;
        return expandRanges(pattern, at);
    }

    /** Names one range stands for (1 for a range expandRanges refuses: it reports it there). */
    private static long rangeSize(Matcher m) {
        String from = m.group(1);
        String to = m.group(2);
        if (from.length() > 9 || to.length() > 9 || (m.group(3) != null && m.group(3).length() > 5)) {
            return 1;
        }
        long step = m.group(3) == null ? 1 : Math.max(1, Long.parseLong(m.group(3)));
        long a = Character.isDigit(from.charAt(0)) ? Long.parseLong(from) : from.charAt(0);
        long b = Character.isDigit(to.charAt(0)) ? Long.parseLong(to) : to.charAt(0);
        return b < a ? 1 : (b - a) / step + 1;
    }

    private List<String> expandRanges(String pattern, Origin at) {
        Matcher m = RANGE.matcher(pattern);
        if (!m.find()) {
            return List.of(pattern);
        }
        String head = pattern.substring(0, m.start());
        String tail = pattern.substring(m.end());
        String from = m.group(1);
        String to = m.group(2);
        List<String> values = new ArrayList<>();
        boolean numeric = Character.isDigit(from.charAt(0));
        // bounds of at most 9 digits fit a long; a step of more than 5 digits could only ever name one host
        boolean sane = (m.group(3) == null || m.group(3).length() <= 5) && (!numeric || from.length() <= 9 && to.length() <= 9);
        int step = sane && m.group(3) != null ? Integer.parseInt(m.group(3)) : 1;
        if (!sane || numeric != Character.isDigit(to.charAt(0)) || step < 1) {
            model.problem(at, "host range '" + m.group() + "' must be [N:M] or [a:z] with a positive step"
                    + " (bounds of at most 9 digits, a step of at most 5 digits)");
            return List.of();
        }
        if (numeric) {
            long a = Long.parseLong(from);
            long b = Long.parseLong(to);
            if (b < a || (b - a) / step > 10_000) {
                model.problem(at, "host range '" + m.group() + "' is empty or larger than 10000 hosts");
                return List.of();
            }
            String format = from.length() > 1 && from.startsWith("0") ? "%0" + from.length() + "d" : "%d";
            for (long i = a; i <= b; i += step) {
                values.add(String.format(Locale.ROOT, format, i));
            }
        } else {
            for (int c = from.charAt(0); c <= to.charAt(0); c += step) {
                values.add(String.valueOf((char) c));
            }
        }
        List<String> out = new ArrayList<>();
        for (String v : values) {
            out.addAll(expandRanges(head + v + tail, at));
        }
        return out;
    }

    /** Ansible's INI inline comments: " #" outside quotes. */
    static String stripComment(String s) {
        boolean single = false;
        boolean dbl = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\'' && !dbl) {
                single = !single;
            } else if (c == '"' && !single) {
                dbl = !dbl;
            } else if (c == '#' && !single && !dbl && (i == 0 || Character.isWhitespace(s.charAt(i - 1)))) {
                return s.substring(0, i);
            }
        }
        return s;
    }

    static String unquote(String s) {
        if (s.length() >= 2 && (s.startsWith("\"") && s.endsWith("\"") || s.startsWith("'") && s.endsWith("'"))) {
            return s.substring(1, s.length() - 1);
        }
        return s;
    }

    /** shlex-style words, as Ansible splits host lines: quotes group and are removed. */
    static List<String> shellWords(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = null;
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"' && i + 1 < s.length()) {
                    cur.append(s.charAt(++i));
                } else {
                    cur.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                if (cur == null) {
                    cur = new StringBuilder();
                }
            } else if (Character.isWhitespace(c)) {
                if (cur != null) {
                    out.add(cur.toString());
                    cur = null;
                }
            } else {
                if (cur == null) {
                    cur = new StringBuilder();
                }
                if (c == '\\' && i + 1 < s.length()) {
                    c = s.charAt(++i);
                }
                cur.append(c);
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unbalanced " + (quote == '"' ? "double" : "single") + " quote");
        }
        if (cur != null) {
            out.add(cur.toString());
        }
        return out;
    }
}
