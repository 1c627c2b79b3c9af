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
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Host key check against the user's known_hosts files and the system-wide ones, as OpenSSH checks
 * (see {@link KnownHostsFile}): {@code [host]:port} never falls back to port 22's entry, hashed
 * and wildcard entries match, a key marked {@code @revoked} is refused, and a known host
 * offering another key is refused. {@code @cert-authority} lines are handed to JSch, which
 * accepts a host certificate signed by such a CA.
 *
 * <p>With {@code accept-new} a new key is appended to the first user file — only the user's own
 * known_hosts, and only while it reads as one ({@link KnownHostsFormat}) — hashed when
 * HashKnownHosts is set, under a lock (in this process and against other processes) and after
 * reading the file again, so parallel connections never lose or duplicate a line.
 *
 * <p>Longer than 300 lines because it is also JSch's {@link HostKeyRepository} (the adapters at
 * the end); the lookup, the append and the messages share its per-connection state. The parsing
 * is in {@link KnownHostsFile}, the format check in {@link KnownHostsFormat}.
 */
final class KnownHostsVerifier implements HostKeyRepository {

    /** What the last check found. */
    enum Outcome { NOT_CHECKED, KNOWN, UNKNOWN, OTHER_TYPE_KNOWN, CHANGED, REVOKED, ADDED, ADD_FAILED }

    private static final java.util.concurrent.ConcurrentHashMap<Path, Object> LOCKS =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** The file new keys go to (the first user file) and named in messages. */
    private final Path file;
    private final List<Path> files;
    private final boolean acceptNew;
    private final boolean hash;
    /** The user's own known_hosts: the only file a new key is appended to. */
    private final Path userFile;
    private final List<KnownHostsFile> known;

    private volatile Outcome outcome = Outcome.NOT_CHECKED;
    private volatile String checkedHost;
    private volatile String keyDescription;
    private volatile String addFailure;
    private volatile Path foundIn;

    private KnownHostsVerifier(List<Path> files, boolean hash, SshOptions options, List<KnownHostsFile> known) {
        this.files = List.copyOf(files);
        this.file = files.get(0);
        this.hash = hash;
        this.acceptNew = options.acceptNewHostKeys();
        this.userFile = options.knownHosts();
        this.known = known;
    }

    /** One known_hosts file, the user's own or not. */
    static KnownHostsVerifier load(Path file, SshOptions options) throws IOException, JSchException {
        return load(List.of(file), List.of(), false, options);
    }

    /**
     * The user's files (the first is where a new key would go) and the global ones (only read);
     * a missing file is an empty one. With accept-new, a key is appended only when the first user
     * file is the user's own ({@link SshOptions#knownHosts()}), which is created if missing.
     */
    static KnownHostsVerifier load(List<Path> userFiles, List<Path> globalFiles, boolean hash, SshOptions options)
            throws IOException, JSchException {
        List<Path> all = new ArrayList<>(userFiles);
        all.addAll(globalFiles);
        List<KnownHostsFile> parsed = new ArrayList<>();
        for (Path f : all) {
            parsed.add(Parsed.of(f));
        }
        return new KnownHostsVerifier(all, hash, options, parsed);
    }

    /**
     * known_hosts parsed once per run and shared by every connection while the file is unchanged
     * (same modification time and size): a fleet's known_hosts has a line per host, and parsing
     * it for each of thousands of connections made the controller quadratic in the fleet size.
     */
    private record Parsed(long modified, long size, KnownHostsFile entries) {
        private static final java.util.concurrent.ConcurrentHashMap<Path, Parsed> CACHE =
                new java.util.concurrent.ConcurrentHashMap<>();

        static KnownHostsFile of(Path file) throws IOException {
            Path key = file.toAbsolutePath().normalize();
            if (!Files.isRegularFile(key)) {
                return KnownHostsFile.parse(new byte[0]);
            }
            long modified = Files.getLastModifiedTime(key).toMillis();
            long size = Files.size(key);
            Parsed cached = CACHE.get(key);
            if (cached != null && cached.modified == modified && cached.size == size) {
                return cached.entries;
            }
            if (size > KnownHostsFormat.MAX_BYTES) {
                throw new IOException("it is larger than " + (KnownHostsFormat.MAX_BYTES >> 20)
                        + " MiB; is it really a known_hosts file?");
            }
            KnownHostsFile entries = KnownHostsFile.parse(Files.readAllBytes(key));
            CACHE.put(key, new Parsed(modified, size, entries));
            return entries;
        }
    }

    /** What the files say about {@code host}'s {@code key}. */
    private Outcome lookup(String host, byte[] key, List<KnownHostsFile> in) {
        String type = KnownHostsFile.typeOf(key);
        boolean ok = false;
        boolean changed = false;
        boolean otherType = false;
        for (int i = 0; i < in.size(); i++) {
            for (KnownHostsFile.Entry e : in.get(i).entries()) {
                if (e.marker().equals("@cert-authority") || !e.matches(host)) {
                    continue;
                }
                boolean same = java.util.Arrays.equals(e.key(), key);
                if (e.marker().equals("@revoked")) {
                    if (same) {
                        foundIn = files.get(i);
                        return Outcome.REVOKED;
                    }
                } else if (e.type().equals(type)) {
                    ok |= same;
                    if (!same && !changed) {
                        changed = true;
                        foundIn = files.get(i);
                    }
                } else {
                    otherType = true;
                    foundIn = foundIn == null ? files.get(i) : foundIn;
                }
            }
        }
        return ok ? Outcome.KNOWN : changed ? Outcome.CHANGED : otherType ? Outcome.OTHER_TYPE_KNOWN : Outcome.UNKNOWN;
    }

    @Override
    public int check(String host, byte[] key) {
        checkedHost = host;
        keyDescription = describeKey(host, key);
        Outcome found = lookup(host, key, known);
        if (found == Outcome.KNOWN) {
            outcome = found;
            return OK;
        }
        if (found != Outcome.UNKNOWN || !acceptNew) {
            // a known host offering a key of another type is refused like a changed key, with or
            // without --accept-new-host-keys: a man in the middle would otherwise just switch algorithm
            outcome = found;
            return found == Outcome.CHANGED || found == Outcome.REVOKED ? CHANGED : NOT_INCLUDED;
        }
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
        return NOT_INCLUDED;
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

    /**
     * Appends under a lock held by this process (one lock object per file) and, for other
     * processes, by the file system; the file is read again inside it, so a key another worker
     * added meanwhile is neither added twice nor clobbered.
     */
    private void append(String host, byte[] key) throws IOException, JSchException {
        new HostKey(host, HostKey.GUESS, key); // refuses a blob JSch cannot use before anything is written
        Path target = file.toAbsolutePath().normalize();
        Path parent = target.getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        synchronized (LOCKS.computeIfAbsent(target, p -> new Object())) {
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(target,
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
                 java.nio.channels.FileLock lock = ch.lock()) {
                byte[] now = new byte[(int) Math.min(ch.size(), KnownHostsFormat.MAX_BYTES)];
                ch.read(java.nio.ByteBuffer.wrap(now), 0);
                if (lookup(host, key, List.of(KnownHostsFile.parse(now))) == Outcome.KNOWN) {
                    return; // another worker added it
                }
                String name = hash ? KnownHostsFile.hash(host, salt()) : host;
                String line = name + " " + KnownHostsFile.typeOf(key) + " "
                        + Base64.getEncoder().encodeToString(key) + "\n";
                if (now.length > 0 && now[now.length - 1] != '\n') {
                    line = "\n" + line;
                }
                ch.write(java.nio.ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)), ch.size());
                ch.force(false);
            }
        }
    }

    private static byte[] salt() {
        byte[] salt = new byte[20];
        new java.security.SecureRandom().nextBytes(salt);
        return salt;
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

    /** Every file looked in, user files first. */
    List<Path> files() {
        return files;
    }

    /** The file the key was found in (changed, revoked, other type), else the user's first file. */
    Path file() {
        return foundIn != null ? foundIn : file;
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

    /** Every entry with its marker and hosts field; JSch finds @cert-authority keys here. */
    @Override
    public HostKey[] getHostKey() {
        List<HostKey> out = new ArrayList<>();
        for (KnownHostsFile f : known) {
            for (KnownHostsFile.Entry e : f.entries()) {
                add(out, e.marker().isEmpty() ? "" : e.marker(), e.hosts(), e);
            }
        }
        return out.toArray(HostKey[]::new);
    }

    /** The entries for {@code host} (JSch prefers their key types and checks @revoked on them). */
    @Override
    public HostKey[] getHostKey(String host, String type) {
        List<HostKey> out = new ArrayList<>();
        for (KnownHostsFile f : known) {
            for (KnownHostsFile.Entry e : f.entries()) {
                if (!e.marker().equals("@cert-authority") && e.matches(host)
                        && (type == null || type.equals(e.type()))) {
                    add(out, e.marker(), host, e);
                }
            }
        }
        return out.toArray(HostKey[]::new);
    }

    private static void add(List<HostKey> out, String marker, String host, KnownHostsFile.Entry e) {
        try {
            out.add(new HostKey(marker, host, HostKey.GUESS, e.key(), e.comment()));
        } catch (JSchException ignored) {
            // a key type JSch does not know (security keys): it cannot be offered anyway
        }
    }
}
