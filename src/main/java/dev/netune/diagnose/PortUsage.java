package dev.netune.diagnose;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * How much of the local (ephemeral) port range TCP sockets hold, from the rows of
 * {@code /proc/net/tcp} and {@code /proc/net/tcp6} whose local port is inside the range.
 *
 * <p>A local port can serve several connections to different destinations, so what runs out is
 * the ports toward one destination: {@code busiestDestination} and {@code busiestPorts} say which
 * and how many. Listening sockets are not counted.
 *
 * @param low             first port of ip_local_port_range
 * @param high            last port of it
 * @param sockets         sockets with an in-range local port, by state name (ESTAB, TIME_WAIT, ...)
 * @param distinctPorts   distinct in-range local ports in use
 * @param busiestDestination remote address:port most in-range ports go to, "" when none
 * @param busiestPorts    distinct in-range local ports toward it
 */
public record PortUsage(int low, int high, Map<String, Integer> sockets, int distinctPorts,
                        String busiestDestination, int busiestPorts) {

    private static final Map<String, String> STATES = Map.ofEntries(
            Map.entry("01", "ESTAB"), Map.entry("02", "SYN_SENT"), Map.entry("03", "SYN_RECV"),
            Map.entry("04", "FIN_WAIT1"), Map.entry("05", "FIN_WAIT2"), Map.entry("06", "TIME_WAIT"),
            Map.entry("07", "CLOSE"), Map.entry("08", "CLOSE_WAIT"), Map.entry("09", "LAST_ACK"),
            Map.entry("0A", "LISTEN"), Map.entry("0B", "CLOSING"), Map.entry("0C", "NEW_SYN_RECV"));

    public PortUsage {
        sockets = java.util.Collections.unmodifiableMap(new TreeMap<>(sockets));
    }

    /** Ports in the range. */
    public int rangeSize() {
        return Math.max(0, high - low + 1);
    }

    public int sockets(String state) {
        return sockets.getOrDefault(state, 0);
    }

    public int totalSockets() {
        return sockets.values().stream().mapToInt(Integer::intValue).sum();
    }

    /**
     * Parses rows in /proc/net/tcp layout ({@code sl local remote st ...}, hex addresses and
     * ports); the header and rows outside the range or LISTEN are skipped.
     */
    public static PortUsage parse(String rows, int low, int high) {
        Map<String, Integer> sockets = new HashMap<>();
        Set<Integer> ports = new HashSet<>();
        Map<String, Set<Integer>> byDestination = new HashMap<>();
        for (String line : rows.split("\n")) {
            String[] c = line.trim().split("\\s+");
            if (c.length < 4 || !c[0].endsWith(":")) {
                continue;
            }
            String state = STATES.get(c[3].toUpperCase(java.util.Locale.ROOT));
            int port = port(c[1]);
            if (state == null || state.equals("LISTEN") || port < low || port > high) {
                continue;
            }
            sockets.merge(state, 1, Integer::sum);
            ports.add(port);
            byDestination.computeIfAbsent(destination(c[2]), k -> new HashSet<>()).add(port);
        }
        String busiest = "";
        int most = 0;
        for (var e : new TreeMap<>(byDestination).entrySet()) {
            if (e.getValue().size() > most) {
                most = e.getValue().size();
                busiest = e.getKey();
            }
        }
        return new PortUsage(low, high, sockets, ports.size(), busiest, most);
    }

    private static int port(String hexAddress) {
        int colon = hexAddress.lastIndexOf(':');
        try {
            return Integer.parseInt(hexAddress.substring(colon + 1), 16);
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            return -1;
        }
    }

    /** "0100007F:1F90" to "127.0.0.1:8080"; IPv6 (32 hex digits) to its groups. */
    static String destination(String hexAddress) {
        int colon = hexAddress.lastIndexOf(':');
        if (colon < 0) {
            return hexAddress;
        }
        String addr = hexAddress.substring(0, colon);
        int port = port(hexAddress);
        try {
            if (addr.length() == 8) {
                long v = Long.parseLong(addr, 16);
                // the kernel prints the address as a host-order (little-endian) 32-bit word
                return (v & 0xff) + "." + ((v >> 8) & 0xff) + "." + ((v >> 16) & 0xff) + "." + ((v >> 24) & 0xff)
                        + ":" + port;
            }
            if (addr.length() == 32) {
                StringBuilder sb = new StringBuilder("[");
                for (int w = 0; w < 4; w++) {
                    String word = addr.substring(w * 8, w * 8 + 8);
                    // each 32-bit word is little-endian, too
                    String be = word.substring(6, 8) + word.substring(4, 6) + word.substring(2, 4) + word.substring(0, 2);
                    sb.append(w == 0 ? "" : ":").append(Integer.toHexString(Integer.parseInt(be.substring(0, 4), 16)))
                            .append(':').append(Integer.toHexString(Integer.parseInt(be.substring(4), 16)));
                }
                return sb.append("]:").append(port).toString();
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        return hexAddress;
    }
}
