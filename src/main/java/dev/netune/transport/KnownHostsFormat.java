package dev.netune.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Whether a file is an OpenSSH known_hosts file, checked before netune appends a host key to it.
 *
 * <p>A line is {@code [@marker] hosts keytype base64-key [comment]}, where the key blob must
 * start with its own type name. That tells known_hosts apart from the files a mistaken or hostile
 * path could name instead: authorized_keys lines start with a key type or options, other files
 * have no base64 key blob at all. Lines are not echoed in messages (the file may hold secrets).
 */
public final class KnownHostsFormat {
    /** Larger than any real known_hosts; reading stops here instead of filling the heap. */
    static final long MAX_BYTES = 64L << 20;

    private static final Pattern HASHED = Pattern.compile("\\|1\\|[A-Za-z0-9+/=]+\\|[A-Za-z0-9+/=]+");
    private static final Pattern PATTERNS = Pattern.compile("[A-Za-z0-9.*?!:_\\[\\],%-]+");
    private static final Pattern KEY_TYPE = Pattern.compile("[a-z0-9][a-z0-9@.-]*");
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9._:-]+|\\[[A-Za-z0-9._:-]+]:[0-9]{1,5}");

    /**
     * Words with a meaning of their own in known_hosts or authorized_keys lines: markers, key
     * types, and the authorized_keys options that take no value. None of them may be a host name
     * written into a known_hosts line.
     */
    private static final Set<String> RESERVED = Set.of(
            "cert-authority", "revoked", "restrict", "pty", "no-pty", "user-rc", "no-user-rc",
            "agent-forwarding", "no-agent-forwarding", "port-forwarding", "no-port-forwarding",
            "x11-forwarding", "no-x11-forwarding", "touch-required", "no-touch-required", "verify-required",
            "ssh-rsa", "ssh-dss", "ssh-ed25519", "ssh-ed448", "rsa-sha2-256", "rsa-sha2-512",
            "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521");

    private KnownHostsFormat() {
    }

    /** Whether {@code word} means something in known_hosts or authorized_keys lines (case-insensitive). */
    public static boolean reservedWord(String word) {
        return RESERVED.contains(word.toLowerCase(Locale.ROOT));
    }

    /**
     * Whether {@code host} ("name" or "[name]:port", as JSch looks keys up) can be the first field
     * of a known_hosts line netune writes: one plain name, no marker, pattern or option.
     */
    static boolean writableHostName(String host) {
        if (host == null || !PLAIN_NAME.matcher(host).matches() || host.startsWith("-")) {
            return false;
        }
        String name = host.startsWith("[") ? host.substring(1, host.indexOf(']')) : host;
        return !name.isEmpty() && !name.startsWith("-") && !reservedWord(name);
    }

    /**
     * Null when {@code file} is absent, empty or every line of it is a known_hosts entry or a
     * comment; otherwise why not, naming the first bad line by number only.
     */
    static String problem(Path file) throws IOException {
        String notAFile = fileProblem(file);
        if (notAFile != null || !Files.exists(file)) {
            return notAFile;
        }
        return problem(Files.readAllBytes(file));
    }

    /** Why {@code file} cannot be a known_hosts file whatever it holds (not regular, too large), or null. */
    static String fileProblem(Path file) throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        if (!Files.isRegularFile(file)) {
            return "it is not a regular file";
        }
        return tooLarge(Files.size(file));
    }

    static String tooLarge(long size) {
        return size > MAX_BYTES ? "it is larger than " + (MAX_BYTES >> 20) + " MiB" : null;
    }

    /** Null when every line of {@code content} is a known_hosts entry or a comment; otherwise why not. */
    static String problem(byte[] content) {
        List<String> lines = List.of(new String(content, StandardCharsets.ISO_8859_1).split("\n", -1));
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (!line.isEmpty() && !line.startsWith("#") && !entry(line)) {
                return "line " + (i + 1) + " is not a known_hosts entry";
            }
        }
        return null;
    }

    private static boolean entry(String line) {
        String[] f = line.split("[ \t]+");
        int at = 0;
        if (f[0].startsWith("@")) {
            if (!f[0].equals("@cert-authority") && !f[0].equals("@revoked")) {
                return false;
            }
            at = 1;
        }
        if (f.length < at + 3) {
            return false;
        }
        String hosts = f[at];
        if (!HASHED.matcher(hosts).matches()) {
            if (!PATTERNS.matcher(hosts).matches()) {
                return false;
            }
            for (String h : hosts.split(",")) {
                if (h.isEmpty() || reservedWord(h.startsWith("!") ? h.substring(1) : h)) {
                    return false;
                }
            }
        }
        return KEY_TYPE.matcher(f[at + 1]).matches() && blobOfType(f[at + 2], f[at + 1]);
    }

    /** The SSH wire format of a public key starts with its type as a length-prefixed string. */
    private static boolean blobOfType(String base64, String type) {
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (blob.length < 4) {
            return false;
        }
        int n = ByteBuffer.wrap(blob, 0, 4).getInt();
        if (n <= 0 || n > blob.length - 4) {
            return false;
        }
        return new String(blob, 4, n, StandardCharsets.ISO_8859_1).equals(type);
    }
}
