package dev.netune.transport;

import dev.netune.text.Glob;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The lines of a known_hosts file, matched as OpenSSH's hostfile.c matches them: a host is
 * looked up as {@code name} on port 22 and {@code [name]:port} otherwise (never falling back to
 * the other form); the hosts field is a comma-separated list of patterns ({@code *}, {@code ?},
 * {@code !negation}, compared case-insensitively) or one hashed name ({@code |1|salt|hmac});
 * {@code @revoked} and {@code @cert-authority} lines are kept apart. Lines that are not entries
 * are skipped, as ssh skips them.
 */
final class KnownHostsFile {
    /** One entry; {@code marker} is "", "@revoked" or "@cert-authority". */
    record Entry(String marker, String hosts, String type, byte[] key, String comment) {
        boolean matches(String name) {
            if (hosts.startsWith("|1|")) {
                return hashedMatch(hosts, name);
            }
            String subject = name.toLowerCase(Locale.ROOT);
            boolean positive = false;
            for (String p : hosts.split(",")) {
                boolean negate = p.startsWith("!");
                if (Glob.matches((negate ? p.substring(1) : p).toLowerCase(Locale.ROOT), subject)) {
                    if (negate) {
                        return false;
                    }
                    positive = true;
                }
            }
            return positive;
        }
    }

    private final List<Entry> entries;
    /**
     * Lower-cased literal name -> indexes of the entries naming it, for entries whose patterns are
     * all literal; the others (hashed, wildcard, negated) are in {@link #scanned}. A fleet's
     * known_hosts has a line per host and every connection looks its host up several times:
     * scanning every line each time made the controller quadratic in the fleet size.
     */
    private final Map<String, int[]> literal;
    private final int[] scanned;

    private KnownHostsFile(List<Entry> entries) {
        this.entries = List.copyOf(entries);
        Map<String, List<Integer>> byName = new HashMap<>();
        List<Integer> rest = new ArrayList<>();
        for (int i = 0; i < this.entries.size(); i++) {
            String hosts = this.entries.get(i).hosts();
            if (hosts.startsWith("|1|") || hosts.indexOf('*') >= 0 || hosts.indexOf('?') >= 0 || hosts.indexOf('!') >= 0) {
                rest.add(i);
                continue;
            }
            for (String p : new LinkedHashSet<>(List.of(hosts.toLowerCase(Locale.ROOT).split(",")))) {
                byName.computeIfAbsent(p, k -> new ArrayList<>()).add(i);
            }
        }
        this.literal = new HashMap<>();
        byName.forEach((k, v) -> literal.put(k, v.stream().mapToInt(Integer::intValue).toArray()));
        this.scanned = rest.stream().mapToInt(Integer::intValue).toArray();
    }

    List<Entry> entries() {
        return entries;
    }

    /**
     * The entries that may match {@code name}, in file order: every entry that {@link Entry#matches}
     * it is among them (callers still call {@code matches}), found without scanning the literal lines.
     */
    List<Entry> candidates(String name) {
        int[] named = literal.getOrDefault(name.toLowerCase(Locale.ROOT), new int[0]);
        List<Entry> out = new ArrayList<>(named.length + scanned.length);
        int a = 0;
        int b = 0;
        while (a < named.length || b < scanned.length) {
            boolean takeNamed = b == scanned.length || (a < named.length && named[a] < scanned[b]);
            out.add(entries.get(takeNamed ? named[a++] : scanned[b++]));
        }
        return out;
    }

    static KnownHostsFile parse(byte[] content) {
        List<Entry> out = new ArrayList<>();
        for (String raw : new String(content, StandardCharsets.ISO_8859_1).split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("[ \t]+", 5);
            int at = 0;
            String marker = "";
            if (f[0].startsWith("@")) {
                marker = f[0];
                at = 1;
                if (!marker.equals("@revoked") && !marker.equals("@cert-authority")) {
                    continue;
                }
            }
            if (f.length < at + 3) {
                continue;
            }
            byte[] key;
            try {
                key = Base64.getDecoder().decode(f[at + 2]);
            } catch (IllegalArgumentException e) {
                continue;
            }
            String type = typeOf(key);
            if (type == null) {
                continue;
            }
            String comment = f.length > at + 3 ? String.join(" ", java.util.Arrays.copyOfRange(f, at + 3, f.length)) : "";
            out.add(new Entry(marker, f[at], type, key, comment));
        }
        return new KnownHostsFile(out);
    }

    /** The key type named inside an SSH public key blob, or null when it is no such blob. */
    static String typeOf(byte[] blob) {
        if (blob.length < 4) {
            return null;
        }
        int n = ByteBuffer.wrap(blob, 0, 4).getInt();
        if (n <= 0 || n > blob.length - 4 || n > 64) {
            return null;
        }
        return new String(blob, 4, n, StandardCharsets.ISO_8859_1);
    }

    /** "name" for port 22, "[name]:port" otherwise, as ssh looks a host up. */
    static String lookupName(String host, int port) {
        return port == 22 ? host : "[" + host + "]:" + port;
    }

    /** {@code |1|base64(salt)|base64(HMAC-SHA1(salt, name))}, as ssh-keygen -H writes it. */
    static String hash(String name, byte[] salt) {
        return "|1|" + Base64.getEncoder().encodeToString(salt) + "|"
                + Base64.getEncoder().encodeToString(hmac(salt, name));
    }

    private static boolean hashedMatch(String hosts, String name) {
        String[] p = hosts.split("\\|");
        if (p.length != 4) {
            return false;
        }
        try {
            byte[] salt = Base64.getDecoder().decode(p[2]);
            byte[] want = Base64.getDecoder().decode(p[3]);
            return MessageDigest.isEqual(want, hmac(salt, name));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] hmac(byte[] salt, String name) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(salt, "HmacSHA1"));
            return mac.doFinal(name.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is always available", e);
        }
    }
}
