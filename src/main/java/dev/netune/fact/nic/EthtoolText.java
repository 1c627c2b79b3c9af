package dev.netune.fact.nic;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Small helpers shared by the ethtool text parsers.
 *
 * <p>ethtool aligns values with a varying number of tabs and spaces depending on its version, so
 * every parser splits on the first colon and trims, and treats {@code n/a} as "not supported by
 * the driver" (which is different from a reported {@code 0}).
 */
final class EthtoolText {
    static final String NOT_AVAILABLE = "n/a";

    private EthtoolText() {
    }

    /** One {@code label: value} line; {@code indented} is true for ethtool -k sub-features. */
    record Line(String label, String value, boolean indented) {
    }

    static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        for (String l : text.split("\r?\n", -1)) {
            out.add(l);
        }
        return out;
    }

    /** Splits at the first ": " (or a trailing ':'); null when the line has no such separator. */
    static Line keyValue(String raw) {
        String line = stripEnd(raw);
        int colon = line.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        // A colon inside a value (bus-info 0000:3b:00.0, firmware "14.23 (MT_..)") must stay in the
        // value, so only the first colon that ends the label counts; the label has no colon itself.
        if (colon + 1 < line.length() && !Character.isWhitespace(line.charAt(colon + 1))) {
            return null;
        }
        boolean indented = !line.isEmpty() && Character.isWhitespace(line.charAt(0));
        return new Line(line.substring(0, colon).trim(), line.substring(colon + 1).trim(), indented);
    }

    /** A ring/channel count: a number, or empty for {@code n/a} and anything not a number. */
    static OptionalInt count(String value) {
        if (value == null || value.isEmpty() || NOT_AVAILABLE.equals(value)) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(value));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    static OptionalLong number(String value) {
        if (value == null || value.isEmpty() || NOT_AVAILABLE.equals(value)) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(value));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    // "Ring parameters for eth0:", "Channel parameters for eth0:", "Coalesce parameters for eth0:", "Features for eth0:"
    private static final java.util.regex.Pattern HEADING =
            java.util.regex.Pattern.compile("^(?:[A-Z][a-z]+ parameters|Features) for (\\S+):$");

    /**
     * Refuses a text that holds the output for more than one device. ethtool prints one heading
     * per device; two (a paste of {@code ethtool -g eth0; ethtool -g eth1}) would otherwise yield
     * the first device's maximums with the second's current values, silently mixed.
     */
    static void oneDevice(String text) {
        List<String> devices = new ArrayList<>();
        for (String raw : lines(text)) {
            java.util.regex.Matcher m = HEADING.matcher(raw.trim());
            if (m.matches()) {
                devices.add(m.group(1));
            }
        }
        if (devices.size() > 1) {
            throw new IllegalArgumentException("the text holds the output of " + devices.size()
                    + " devices (" + String.join(", ", devices) + "); give one device's output at a time");
        }
    }

    static String stripEnd(String s) {
        int end = s.length();
        while (end > 0 && Character.isWhitespace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end);
    }

    /** Lower-case, dash-separated form of a printed label: "RX Buf Len" -> "rx-buf-len". */
    static String dashed(String label) {
        return label.trim().toLowerCase(java.util.Locale.ROOT).replaceAll("[\\s_]+", "-");
    }

    /**
     * The two blocks {@code ethtool -g} and {@code -l} print: "Pre-set maximums" then "Current
     * hardware settings". Lines labelled with one of {@code labels} go to {@code max}/{@code current};
     * other labels to {@code otherMax}/{@code otherCurrent}. Some pasted outputs lose the two
     * headers; a label seen twice means the second block is the current settings, the order
     * ethtool always prints them in.
     */
    record Blocks(Map<String, String> max, Map<String, String> current, Map<String, String> otherMax,
                  Map<String, String> otherCurrent) {
    }

    static Blocks maxAndCurrent(String text, java.util.Set<String> labels) {
        oneDevice(text);
        Blocks b = new Blocks(new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>());
        boolean inCurrent = false;
        for (String raw : lines(text)) {
            String trimmed = raw.trim();
            if (trimmed.startsWith("Pre-set maximums")) {
                inCurrent = false;
                continue;
            }
            if (trimmed.startsWith("Current hardware settings")) {
                inCurrent = true;
                continue;
            }
            Line kv = keyValue(raw);
            if (kv == null || kv.label().contains(" parameters for ")) { // "Ring parameters for eth0:"
                continue;
            }
            if (labels.contains(kv.label())) {
                if (!inCurrent && b.max().containsKey(kv.label())) {
                    inCurrent = true;
                }
                (inCurrent ? b.current() : b.max()).put(kv.label(), kv.value());
            } else {
                (inCurrent ? b.otherCurrent() : b.otherMax()).put(kv.label(), kv.value());
            }
        }
        return b;
    }
}
