package dev.netune.setting.nic;

import dev.netune.profile.YamlNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Loads a NIC rule's {@code rss:} mapping: {@code equal: N} or {@code weights: [...]} (the
 * indirection table), {@code hfunc} and {@code hkey}. The table is kept as one value,
 * {@code "equal 8"} or {@code "weight 1 1 0 0"}, so a later rule replaces it whole.
 */
final class RssSchema {
    /** Hash function names as ethtool lists them (toeplitz, xor, crc32). */
    private static final Pattern HFUNC = Pattern.compile("[a-z][a-z0-9_-]{0,31}");
    /** Hex bytes separated by colons, as ethtool -x prints the key. */
    private static final Pattern HKEY = Pattern.compile("\\p{XDigit}{2}(:\\p{XDigit}{2}){0,255}");
    /** No driver has more queues than this; the kernel's table entries are u32 but sizes are small. */
    private static final long MAX_QUEUES = 4096;

    private RssSchema() {
    }

    static SortedMap<String, String> load(YamlNode v) {
        SortedMap<String, String> out = new TreeMap<>();
        Map<String, YamlNode> m = v.mapping(List.of("equal", "weights", "hfunc", "hkey"));
        if (m.containsKey("equal") && m.containsKey("weights")) {
            v.error("give either equal: N (spread over queues 0..N-1) or weights: [...] (one per queue), not both");
            return out;
        }
        if (m.isEmpty()) {
            v.error("rss needs equal: N or weights: [1, 1, 0, 0], and/or hfunc, hkey");
            return out;
        }
        if (m.containsKey("equal")) {
            number(m.get("equal"), 1).ifPresent(n -> out.put("table", "equal " + n));
        }
        if (m.containsKey("weights")) {
            weights(m.get("weights")).ifPresent(w -> out.put("table", w));
        }
        if (m.containsKey("hfunc")) {
            m.get("hfunc").string().ifPresent(f -> {
                if (HFUNC.matcher(f).matches()) {
                    out.put("hfunc", f);
                } else {
                    m.get("hfunc").error("'" + f + "' is not a hash function name such as toeplitz, xor or crc32");
                }
            });
        }
        if (m.containsKey("hkey")) {
            m.get("hkey").string().ifPresent(k -> {
                if (HKEY.matcher(k).matches()) {
                    out.put("hkey", k.toLowerCase(java.util.Locale.ROOT));
                } else {
                    m.get("hkey").error("hkey must be hex bytes separated by colons, as ethtool -x prints it"
                            + " (\"6d:5a:56:...\"), found '" + k + "'");
                }
            });
        }
        return out;
    }

    private static java.util.Optional<String> weights(YamlNode node) {
        if (!node.isSequence()) {
            node.error("weights must be a list of whole numbers, one per rx queue: [1, 1, 0, 0]");
            return java.util.Optional.empty();
        }
        List<String> words = new ArrayList<>(List.of("weight"));
        long sum = 0;
        boolean ok = true;
        for (YamlNode w : node.sequence()) {
            OptionalLong n = number(w, 0);
            if (n.isEmpty()) {
                ok = false;
            } else {
                sum += n.getAsLong();
                words.add(Long.toString(n.getAsLong()));
            }
        }
        if (words.size() > MAX_QUEUES + 1) {
            node.error("weights has " + (words.size() - 1) + " entries; no NIC has more than " + MAX_QUEUES + " queues");
            return java.util.Optional.empty();
        }
        if (ok && (words.size() == 1 || sum == 0)) {
            node.error("weights needs at least one weight above 0 (a queue that gets no flows has weight 0)");
            return java.util.Optional.empty();
        }
        return ok ? java.util.Optional.of(String.join(" ", words)) : java.util.Optional.empty();
    }

    private static OptionalLong number(YamlNode v, long min) {
        if (v.isScalar() && !v.isIntegerScalar()) {
            v.error("expected a whole number, found '" + v.string().orElse("") + "'");
            return OptionalLong.empty();
        }
        OptionalLong n = v.integer();
        if (n.isPresent() && (n.getAsLong() < min || n.getAsLong() > MAX_QUEUES)) {
            v.error(n.getAsLong() + " is out of range (" + min + ".." + MAX_QUEUES + ")");
            return OptionalLong.empty();
        }
        return n;
    }
}
