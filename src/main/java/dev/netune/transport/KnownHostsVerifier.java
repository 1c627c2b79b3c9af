package dev.netune.transport;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.UserInfo;

import java.io.IOException;
import java.nio.file.Path;
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
 * <p>It is also JSch's {@link HostKeyRepository} (the adapters at the end). The parsing is in
 * {@link KnownHostsFile} (cached by {@link KnownHostsCache}), the format check in
 * {@link KnownHostsFormat}, the append in {@link KnownHostsAppend}.
 */
final class KnownHostsVerifier implements HostKeyRepository {

    /** What the last check found. */
    enum Outcome { NOT_CHECKED, KNOWN, UNKNOWN, OTHER_TYPE_KNOWN, CHANGED, REVOKED, ADDED, ADD_FAILED }

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
            parsed.add(KnownHostsCache.of(f));
        }
        return new KnownHostsVerifier(all, hash, options, parsed);
    }

    /** What the files say about a host's key, and the file that says it (null when known or unknown). */
    record Found(Outcome outcome, Path in) {
    }

    /** What {@code in} (read from {@code files}) say about {@code host}'s {@code key}. */
    static Found lookup(String host, byte[] key, List<KnownHostsFile> in, List<Path> files) {
        String type = KnownHostsFile.typeOf(key);
        boolean ok = false;
        boolean changed = false;
        boolean otherType = false;
        Path where = null;
        for (int i = 0; i < in.size(); i++) {
            for (KnownHostsFile.Entry e : in.get(i).candidates(host)) {
                if (e.marker().equals("@cert-authority") || !e.matches(host)) {
                    continue;
                }
                boolean same = java.util.Arrays.equals(e.key(), key);
                if (e.marker().equals("@revoked")) {
                    if (same) {
                        return new Found(Outcome.REVOKED, files.get(i));
                    }
                } else if (e.type().equals(type)) {
                    ok |= same;
                    if (!same && !changed) {
                        changed = true;
                        where = files.get(i);
                    }
                } else {
                    otherType = true;
                    where = where == null ? files.get(i) : where;
                }
            }
        }
        return new Found(ok ? Outcome.KNOWN : changed ? Outcome.CHANGED : otherType ? Outcome.OTHER_TYPE_KNOWN
                : Outcome.UNKNOWN, where);
    }

    @Override
    public int check(String host, byte[] key) {
        checkedHost = host;
        keyDescription = describeKey(host, key);
        Found lookedUp = lookup(host, key, known, files);
        if (lookedUp.in() != null) {
            foundIn = lookedUp.in();
        }
        Outcome found = lookedUp.outcome();
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
            addFailure = KnownHostsAppend.refusal(file, userFile, host);
            if (addFailure == null) {
                KnownHostsAppend.append(file, hash, host, key);
                outcome = Outcome.ADDED;
                return OK;
            }
        } catch (IOException | JSchException e) {
            addFailure = e.getMessage();
        }
        outcome = Outcome.ADD_FAILED;
        return NOT_INCLUDED;
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
            for (KnownHostsFile.Entry e : f.candidates(host)) {
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
