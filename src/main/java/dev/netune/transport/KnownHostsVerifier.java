package dev.netune.transport;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.UserInfo;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Host key check against one known_hosts file, with OpenSSH's {@code accept-new} behaviour.
 *
 * <p>Lookup (plain and hashed entries, {@code [host]:port} names, {@code @revoked}) is JSch's
 * own known_hosts parser. This wrapper adds two things: it remembers what it saw so that
 * failures can be explained in our words instead of JSch's, and it appends new keys to the
 * file itself. JSch's own writer rewrites the whole file from what it parsed, which would drop
 * comments and lines it does not understand from the user's known_hosts. Only the user's own
 * known_hosts is ever appended to, and only while it reads as one ({@link KnownHostsFormat}).
 */
final class KnownHostsVerifier implements HostKeyRepository {

    /** What the last check found. */
    enum Outcome { NOT_CHECKED, KNOWN, UNKNOWN, OTHER_TYPE_KNOWN, CHANGED, ADDED, ADD_FAILED }

    private final Path file;
    private final boolean acceptNew;
    /** The user's own known_hosts: the only file a new key is appended to. */
    private final Path userFile;
    private final HostKeyRepository known;

    private volatile Outcome outcome = Outcome.NOT_CHECKED;
    private volatile String checkedHost;
    private volatile String keyDescription;
    private volatile String addFailure;

    private KnownHostsVerifier(Path file, SshOptions options, HostKeyRepository known) {
        this.file = file;
        this.acceptNew = options.acceptNewHostKeys();
        this.userFile = options.knownHosts();
        this.known = known;
    }

    /**
     * Loads {@code file} for checks; a missing file is an empty one. With accept-new, a new key is
     * appended only when {@code file} is the user's own ({@link SshOptions#knownHosts()}), which is
     * created if missing.
     */
    static KnownHostsVerifier load(Path file, SshOptions options) throws IOException, JSchException {
        return new KnownHostsVerifier(file, options, Parsed.of(file));
    }

    /**
     * known_hosts parsed once per run and shared by every connection while the file is unchanged
     * (same modification time and size): a fleet's known_hosts has a line per host, and parsing
     * it for each of thousands of connections made the controller quadratic in the fleet size.
     * JSch's repository is only read here (checks); new keys are appended by {@link #append},
     * which changes the file and so the next connection parses it again.
     */
    private record Parsed(long modified, long size, HostKeyRepository repository) {
        private static final java.util.concurrent.ConcurrentHashMap<Path, Parsed> CACHE =
                new java.util.concurrent.ConcurrentHashMap<>();

        static HostKeyRepository of(Path file) throws IOException, JSchException {
            Path key = file.toAbsolutePath().normalize();
            long modified = Files.exists(key) ? Files.getLastModifiedTime(key).toMillis() : -1;
            long size = Files.exists(key) ? Files.size(key) : -1;
            Parsed cached = CACHE.get(key);
            if (cached != null && cached.modified == modified && cached.size == size) {
                return cached.repository;
            }
            if (size > KnownHostsFormat.MAX_BYTES) {
                throw new IOException("it is larger than " + (KnownHostsFormat.MAX_BYTES >> 20)
                        + " MiB; is it really a known_hosts file?");
            }
            JSch parser = new JSch();
            // From memory, not a file name: JSch then never writes the file itself, and does not
            // read it a byte per system call as it does from a stream.
            try (InputStream in = new ByteArrayInputStream(Files.exists(key) ? Files.readAllBytes(key) : new byte[0])) {
                parser.setKnownHosts(in);
            }
            HostKeyRepository repository = parser.getHostKeyRepository();
            CACHE.put(key, new Parsed(modified, size, repository));
            return repository;
        }
    }

    @Override
    public int check(String host, byte[] key) {
        checkedHost = host;
        keyDescription = describeKey(host, key);
        int result = known.check(host, key);
        if (result == OK) {
            outcome = Outcome.KNOWN;
        } else if (result == CHANGED) {
            outcome = Outcome.CHANGED;
        } else if (otherTypeKnown(host)) {
            // a known host offering a key of another type is refused like a changed key, with or
            // without --accept-new-host-keys: a man in the middle would otherwise just switch algorithm
            outcome = Outcome.OTHER_TYPE_KNOWN;
        } else if (!acceptNew) {
            outcome = Outcome.UNKNOWN;
        } else {
            try {
                addFailure = refusal(host);
                if (addFailure == null) {
                    append(host, key);
                    outcome = Outcome.ADDED;
                    return OK;
                }
            } catch (IOException | JSchException e) {
                addFailure = e.getMessage();
            }
            outcome = Outcome.ADD_FAILED;
        }
        return result;
    }

    /**
     * Why the key of {@code host} must not be appended to {@link #file}, or null. Only the user's
     * own known_hosts is ever written, and only while it still reads as one: an inventory can name
     * any file (authorized_keys, a shell rc file) as its known_hosts, and a host name chosen by
     * whoever controls a bastion's DNS would then become a line of that file.
     *
     * <p>A new key of a host whose known_hosts the inventory names is refused rather than added to
     * the user's own file: OpenSSH reads only that host's UserKnownHostsFile, so the key would not
     * be found there next time, and every run would trust a first use again.
     */
    private String refusal(String host) throws IOException {
        if (!sameFile(file, userFile)) {
            return "it was named by the inventory or its ssh config, and netune only reads such files;"
                    + " --accept-new-host-keys adds keys only to your own known_hosts (" + userFile
                    + ", or the file given with --known-hosts). Verify the key and add it to " + file
                    + " yourself, or leave the inventory's knownHosts out";
        }
        String notKnownHosts = KnownHostsFormat.problem(file);
        if (notKnownHosts != null) {
            return "it does not read as a known_hosts file (" + notKnownHosts + "), so nothing is appended to it";
        }
        if (!KnownHostsFormat.writableHostName(host)) {
            return "the host name is not a plain host name or [address]:port";
        }
        return null;
    }

    private static boolean sameFile(Path a, Path b) throws IOException {
        Path x = a.toAbsolutePath().normalize();
        Path y = b.toAbsolutePath().normalize();
        return x.equals(y) || (Files.exists(x) && Files.exists(y) && Files.isSameFile(x, y));
    }

    private boolean otherTypeKnown(String host) {
        HostKey[] keys = known.getHostKey(host, null);
        return keys != null && keys.length > 0;
    }

    private void append(String host, byte[] key) throws IOException, JSchException {
        HostKey hostKey = new HostKey(host, HostKey.GUESS, key);
        // Plain (unhashed) entries: they are test and fleet hosts the user named in the inventory
        // anyway, and a readable file is easier to review in a config repository.
        String line = host + " " + hostKey.getType() + " " + hostKey.getKey() + "\n";
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (Files.exists(file) && Files.size(file) > 0 && !endsWithNewline(file)) {
            line = "\n" + line;
        }
        Files.writeString(file, line, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    }

    private static boolean endsWithNewline(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        return bytes.length == 0 || bytes[bytes.length - 1] == '\n';
    }

    /** "ED25519 key SHA256:abc..." as OpenSSH prints it, so users can compare with ssh-keygen -l. */
    private static String describeKey(String host, byte[] key) {
        String type;
        try {
            type = new HostKey(host, HostKey.GUESS, key).getType();
        } catch (JSchException e) {
            type = "unknown-type";
        }
        return type + " key " + fingerprint(key);
    }

    static String fingerprint(byte[] key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    Outcome outcome() {
        return outcome;
    }

    /** The name the key was looked up under: "host" for port 22, "[host]:port" otherwise. */
    String checkedHost() {
        return checkedHost;
    }

    String keyDescription() {
        return keyDescription;
    }

    String addFailure() {
        return addFailure;
    }

    Path file() {
        return file;
    }

    // The rest only delegates: JSch uses it to prefer the key types already known for the host
    // and to look for @revoked markers.

    @Override
    public void add(HostKey hostkey, UserInfo ui) {
        throw new UnsupportedOperationException("host keys are added by check() only");
    }

    @Override
    public void remove(String host, String type) {
        throw new UnsupportedOperationException("netune never removes known host keys");
    }

    @Override
    public void remove(String host, String type, byte[] key) {
        throw new UnsupportedOperationException("netune never removes known host keys");
    }

    @Override
    public String getKnownHostsRepositoryID() {
        return file.toString();
    }

    @Override
    public HostKey[] getHostKey() {
        return known.getHostKey();
    }

    @Override
    public HostKey[] getHostKey(String host, String type) {
        return known.getHostKey(host, type);
    }
}
