package dev.netune.inventory;

import dev.netune.transport.KnownHostsFormat;
import java.util.regex.Pattern;

/**
 * Checks that an address from an inventory or ssh config is a DNS name or an IP address
 * (IPv4, IPv6, or IPv6 in brackets) and nothing else.
 *
 * <p>Addresses end up as the first field of a known_hosts line when a new host key is recorded.
 * A "host" such as {@code cert-authority} or {@code restrict}, or one with spaces, commas or
 * {@code @}, would make that line mean something else to any file that is not a known_hosts
 * file (authorized_keys options) or to known_hosts itself (markers, several patterns), so such
 * words are refused even though a single DNS label could spell them.
 */
final class HostNames {
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?");
    private static final Pattern HEX_GROUP = Pattern.compile("[0-9A-Fa-f]{1,4}");
    private static final Pattern IPV4 = Pattern.compile("(?:(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}"
            + "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");

    private HostNames() {
    }

    /** Null when {@code address} is a host name or IP address, else why it is not (without echoing it). */
    static String problem(String address) {
        if (address == null || address.isEmpty()) {
            return "is empty";
        }
        if (address.length() > 253) {
            return "is longer than 253 characters";
        }
        if (address.startsWith("[") && address.endsWith("]")) {
            return ipv6(address.substring(1, address.length() - 1)) ? null
                    : "is not an IPv6 address inside [ ]";
        }
        if (address.indexOf(':') >= 0) {
            return ipv6(address) ? null : "is not a host name or IP address";
        }
        if (KnownHostsFormat.reservedWord(address)) {
            return "is a word with a meaning in known_hosts or authorized_keys lines, not a host name";
        }
        String name = address.endsWith(".") ? address.substring(0, address.length() - 1) : address;
        if (name.isEmpty()) {
            return "is not a host name or IP address";
        }
        for (String label : name.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                // DNS labels: letters, digits, '-' and '_', 1 to 63 characters, no '-' at either end
                return "is not a host name or IP address";
            }
        }
        return null;
    }

    /** "'x' is not ...": the message used where the value is the inventory's own text. */
    static String describe(String address) {
        String p = problem(address);
        return p == null ? null : "'" + address + "' " + p;
    }

    /** Full and :: compressed forms, with an optional IPv4 tail; no zone index (%eth0). */
    private static boolean ipv6(String s) {
        if (s.isEmpty() || s.length() > 45) {
            return false;
        }
        int groups = 0;
        String tail = s;
        int last = s.lastIndexOf(':');
        if (last >= 0 && s.indexOf('.', last) > 0) {
            if (!IPV4.matcher(s.substring(last + 1)).matches()) {
                return false;
            }
            // the IPv4 tail is two groups: one counted here, one for the stand-in "0" the split below sees
            groups = 1;
            tail = s.substring(0, last + 1) + "0";
        }
        int compressed = tail.indexOf("::");
        if (compressed >= 0 && tail.indexOf("::", compressed + 1) >= 0) {
            return false;
        }
        String[] halves = compressed >= 0
                ? new String[] {tail.substring(0, compressed), tail.substring(compressed + 2)}
                : new String[] {tail};
        for (String half : halves) {
            if (half.isEmpty()) {
                continue;
            }
            for (String g : half.split(":", -1)) {
                if (!HEX_GROUP.matcher(g).matches()) {
                    return false;
                }
                groups++;
            }
        }
        return compressed >= 0 ? groups <= 7 : groups == 8;
    }
}
