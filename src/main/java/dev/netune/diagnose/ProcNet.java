package dev.netune.diagnose;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pure parsers of the counter files diagnose reads: {@code /proc/net/softnet_stat},
 * {@code /proc/net/netstat} and {@code /proc/net/snmp}, {@code /proc/net/sockstat},
 * {@code ethtool -S} and {@code key=value} blocks. Unknown or malformed lines are skipped: a
 * newer kernel or driver that prints more must never break a diagnosis.
 */
public final class ProcNet {
    private ProcNet() {
    }

    /** One row of softnet_stat: packets processed, dropped (backlog full), time_squeeze. */
    public record Softnet(int cpu, long processed, long dropped, long squeezed) {
    }

    /**
     * {@code /proc/net/softnet_stat}: one row per online CPU, hex columns; column 1 processed,
     * 2 dropped, 3 time_squeeze. Kernels since 5.10 print the CPU id in column 13; older ones do
     * not, so the row index is the CPU then.
     */
    public static List<Softnet> softnet(String text) {
        List<Softnet> out = new ArrayList<>();
        int row = 0;
        for (String line : text.split("\n")) {
            String[] c = line.trim().split("\\s+");
            if (c.length < 3) {
                continue;
            }
            try {
                long processed = Long.parseUnsignedLong(c[0], 16);
                long dropped = Long.parseUnsignedLong(c[1], 16);
                long squeezed = Long.parseUnsignedLong(c[2], 16);
                int cpu = c.length >= 13 ? Integer.parseInt(c[12], 16) : row;
                out.add(new Softnet(cpu, processed, dropped, squeezed));
                row++;
            } catch (NumberFormatException e) {
                // not a softnet row (an error message): skip
            }
        }
        return out;
    }

    /**
     * {@code /proc/net/netstat} and {@code /proc/net/snmp}: pairs of lines, a header
     * {@code TcpExt: Name1 Name2} and values {@code TcpExt: 1 2}; keys are {@code TcpExt.Name1}.
     * Both files can be given at once (concatenated).
     */
    public static Map<String, Long> netstat(String text) {
        Map<String, Long> out = new LinkedHashMap<>();
        String[] lines = text.split("\n");
        for (int i = 0; i + 1 < lines.length; i++) {
            String[] h = lines[i].trim().split("\\s+");
            String[] v = lines[i + 1].trim().split("\\s+");
            if (h.length < 2 || !h[0].endsWith(":") || !h[0].equals(v[0]) || h.length != v.length || isNumber(h[1])) {
                continue;
            }
            String prefix = h[0].substring(0, h[0].length() - 1);
            for (int k = 1; k < h.length; k++) {
                try {
                    out.put(prefix + "." + h[k], Long.parseLong(v[k]));
                } catch (NumberFormatException e) {
                    // skip a value that is not a number
                }
            }
            i++;
        }
        return out;
    }

    /** {@code /proc/net/sockstat}: {@code TCP: inuse 9 orphan 0 tw 47 alloc 15 mem 0} to {@code TCP.tw}=47. */
    public static Map<String, Long> sockstat(String text) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String prefix = line.substring(0, colon).trim();
            String[] w = line.substring(colon + 1).trim().split("\\s+");
            for (int k = 0; k + 1 < w.length; k += 2) {
                try {
                    out.put(prefix + "." + w[k], Long.parseLong(w[k + 1]));
                } catch (NumberFormatException e) {
                    // skip
                }
            }
        }
        return out;
    }

    /**
     * {@code ethtool -S}: {@code name: value} lines after the {@code NIC statistics:} header. The
     * name is everything before the last colon (be2net prints {@code rxq0: rx_bytes: 17}, bnx2x
     * {@code [0]: rx_bytes: 2}); lines whose value is not an integer are skipped.
     */
    public static Map<String, Long> ethtoolStats(String text) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            int colon = line.lastIndexOf(':');
            if (colon <= 0 || colon == line.length() - 1) {
                continue;
            }
            String name = line.substring(0, colon).strip();
            String value = line.substring(colon + 1).strip();
            try {
                out.put(name, Long.parseLong(value));
            } catch (NumberFormatException e) {
                // a header or a non-numeric value
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /** {@code key=value} lines; values kept raw (a port range has a tab). */
    public static Map<String, String> keyValues(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                out.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
        return out;
    }

    /** {@code key=value} lines whose values are integers; others skipped. */
    public static Map<String, Long> longValues(String text) {
        Map<String, Long> out = new LinkedHashMap<>();
        keyValues(text).forEach((k, v) -> {
            try {
                out.put(k, Long.parseLong(v));
            } catch (NumberFormatException e) {
                // skip
            }
        });
        return out;
    }

    /** The first number of {@code /proc/uptime}, in seconds; NaN when unreadable. */
    public static double uptime(String text) {
        String[] w = text.trim().split("\\s+");
        try {
            return Double.parseDouble(w[0]);
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            return Double.NaN;
        }
    }

    private static boolean isNumber(String s) {
        return !s.isEmpty() && s.chars().allMatch(ch -> Character.isDigit(ch) || ch == '-');
    }
}
