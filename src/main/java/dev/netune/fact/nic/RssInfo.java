package dev.netune.fact.nic;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The RSS configuration from {@code ethtool -x}: the indirection table (which rx queue each
 * hash bucket goes to), the hash key, and the hash functions the driver lists with the one on.
 *
 * <p>A driver that cannot report a part prints "Operation not supported" in its place (the table
 * of some, the key of others); that part is then empty, the rest usable. Older ethtool prints no
 * hash function list: {@code hashFunctions} is then empty, which says "unknown", not "none".
 */
public record RssInfo(OptionalInt rings, List<Integer> table, Optional<String> key,
                      Map<String, Boolean> hashFunctions) {
    private static final Pattern HEADING =
            Pattern.compile("RX flow hash indirection table for (\\S+) with (\\d+) RX ring\\(s\\)(, context \\d+)?:");
    private static final Pattern ROW = Pattern.compile("\\s*(\\d+):((?:\\s+\\d+)+)\\s*");
    private static final Pattern KEY = Pattern.compile("\\p{XDigit}{2}(:\\p{XDigit}{2})*");
    private static final Pattern FUNCTION = Pattern.compile("\\s+([A-Za-z0-9_-]+):\\s+(on|off)\\s*");

    public RssInfo {
        table = List.copyOf(table);
        hashFunctions = Collections.unmodifiableMap(new LinkedHashMap<>(hashFunctions));
    }

    /** Parses {@code ethtool -x IFACE}; throws when the text has no indirection table heading. */
    public static RssInfo parse(String text) {
        EthtoolText.oneDevice(text);
        OptionalInt rings = OptionalInt.empty();
        List<Integer> table = new ArrayList<>();
        String key = null;
        Map<String, Boolean> functions = new LinkedHashMap<>();
        String section = "";
        int headings = 0;
        for (String raw : EthtoolText.lines(text)) {
            String line = EthtoolText.stripEnd(raw);
            Matcher h = HEADING.matcher(line.trim());
            if (h.matches()) {
                if (++headings > 1) {
                    throw new IllegalArgumentException("the text holds more than one indirection table");
                }
                rings = OptionalInt.of(Integer.parseInt(h.group(2)));
                section = "table";
                continue;
            }
            if (line.equals("RSS hash key:")) {
                section = "key";
                continue;
            }
            if (line.equals("RSS hash function:")) {
                section = "function";
                continue;
            }
            if (!line.isEmpty() && !Character.isWhitespace(line.charAt(0)) && line.endsWith(":")) {
                section = "other"; // "RSS input transformation:" of newer ethtool, and what comes later
                continue;
            }
            switch (section) {
                case "table" -> row(line, table);
                case "key" -> {
                    if (KEY.matcher(line.trim()).matches()) {
                        key = line.trim().toLowerCase(java.util.Locale.ROOT);
                    }
                }
                case "function" -> {
                    Matcher f = FUNCTION.matcher(line);
                    if (f.matches()) {
                        functions.put(f.group(1), f.group(2).equals("on"));
                    }
                }
                default -> {
                }
            }
        }
        if (headings == 0) {
            throw new IllegalArgumentException("no indirection table heading in ethtool -x output");
        }
        return new RssInfo(rings, table, Optional.ofNullable(key), functions);
    }

    /** One row "   16:      0     1 ...": its first index must continue the table, or the text is mangled. */
    private static void row(String line, List<Integer> table) {
        Matcher m = ROW.matcher(line);
        if (!m.matches()) {
            return; // "Operation not supported" in place of the table
        }
        if (Integer.parseInt(m.group(1)) != table.size()) {
            throw new IllegalArgumentException("indirection table row " + m.group(1) + " follows " + table.size()
                    + " entries");
        }
        for (String v : m.group(2).trim().split("\\s+")) {
            table.add(Integer.parseInt(v));
        }
    }

    /** The hash function the driver has on, when it lists them. */
    public Optional<String> hashFunction() {
        return hashFunctions.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).findFirst();
    }

    /** The key's length in bytes, when the driver reports it. */
    public OptionalInt keyBytes() {
        return key.map(k -> OptionalInt.of((k.length() + 1) / 3)).orElse(OptionalInt.empty());
    }
}
