package dev.netune.setting.nic;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The INI dialect NetworkManager keyfiles, systemd units and tuned profiles share: {@code [Section]}
 * headers, {@code key=value} lines, {@code #} and {@code ;} comments. Entries keep their order,
 * because systemd lets a key repeat (lists, and an empty value resets them).
 */
final class IniText {
    private IniText() {
    }

    /** One {@code key=value} line and the section it is in (as written, without brackets). */
    record Entry(String section, String key, String value) {
    }

    /** The {@code path=}/{@code profile=}/{@code masked=} lines the gather fragment prints before the file. */
    static Map<String, String> header(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : body.split("\n", -1)) {
            int eq = line.indexOf('=');
            String k = eq > 0 ? line.substring(0, eq) : "";
            if (!k.equals("path") && !k.equals("profile") && !k.equals("masked")) {
                break;
            }
            out.put(k, line.substring(eq + 1));
        }
        return out;
    }

    static List<Entry> parse(String text) {
        List<Entry> out = new ArrayList<>();
        String section = "";
        for (String raw : text.split("\r?\n", -1)) {
            String line = raw.trim();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                section = line.substring(1, line.length() - 1).trim();
                continue;
            }
            int eq = line.indexOf('=');
            if (eq > 0 && !section.isEmpty()) {
                out.add(new Entry(section, line.substring(0, eq).trim(), line.substring(eq + 1).trim()));
            }
        }
        return out;
    }

    /** The last value of a key in a section (case-insensitive section name), or null. */
    static String last(List<Entry> entries, String section, String key) {
        String v = null;
        for (Entry e : entries) {
            if (e.section().toLowerCase(Locale.ROOT).equals(section.toLowerCase(Locale.ROOT)) && e.key().equals(key)) {
                v = e.value();
            }
        }
        return v;
    }

    /** On/off of a systemd or NetworkManager boolean; null when it is none. */
    static String onOff(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "1", "yes", "true", "on", "y", "t" -> "on";
            case "0", "no", "false", "off", "n", "f" -> "off";
            default -> null;
        };
    }
}
