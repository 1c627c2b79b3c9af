package dev.netune.transport;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.JSchException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one write netune makes to a known_hosts file: with accept-new, a new host's key appended to
 * the user's own file, and only while it still reads as one ({@link KnownHostsFormat}).
 */
final class KnownHostsAppend {
    private static final ConcurrentHashMap<Path, Object> LOCKS = new ConcurrentHashMap<>();

    private KnownHostsAppend() {
    }

    /**
     * Why the key of {@code host} must not be appended to {@code file}, or null. Only the user's
     * own known_hosts ({@code userFile}) is ever written, and only while it still reads as one: an
     * inventory can name any file (authorized_keys, a shell rc file) as its known_hosts, and a host
     * name chosen by whoever controls a bastion's DNS would then become a line of that file. What
     * the file holds is checked later, under the lock ({@link #append}): read here, another
     * process's append could be caught half-written and the file taken for something else.
     *
     * <p>A new key of a host whose known_hosts the inventory names is refused rather than added to
     * the user's own file: OpenSSH reads only that host's UserKnownHostsFile, so the key would not
     * be found there next time, and every run would trust a first use again.
     */
    static String refusal(Path file, Path userFile, String host) throws IOException {
        if (!sameFile(file, userFile)) {
            return "it was named by the inventory or its ssh config, and netune only reads such files;"
                    + " --accept-new-host-keys adds keys only to your own known_hosts (" + userFile
                    + ", or the file given with --known-hosts). Verify the key and add it to " + file
                    + " yourself, or leave the inventory's knownHosts out";
        }
        String notKnownHosts = KnownHostsFormat.fileProblem(file);
        if (notKnownHosts != null) {
            return notKnownHosts(notKnownHosts);
        }
        if (!KnownHostsFormat.writableHostName(host)) {
            return "the host name is not a plain host name or [address]:port";
        }
        return null;
    }

    private static String notKnownHosts(String why) {
        return "it does not read as a known_hosts file (" + why + "), so nothing is appended to it";
    }

    private static boolean sameFile(Path a, Path b) throws IOException {
        Path x = a.toAbsolutePath().normalize();
        Path y = b.toAbsolutePath().normalize();
        return x.equals(y) || (Files.exists(x) && Files.exists(y) && Files.isSameFile(x, y));
    }

    /**
     * Appends {@code host}'s {@code key} (its name hashed with {@code hash}) under a lock held by
     * this process (one lock object per file) and, for other processes, by the file system; the
     * file is read again inside it, so a key another worker added meanwhile is neither added twice
     * nor clobbered, and it must still read as a known_hosts file (else an IOException says why).
     */
    static void append(Path file, boolean hash, String host, byte[] key) throws IOException, JSchException {
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
                String tooLarge = KnownHostsFormat.tooLarge(ch.size());
                if (tooLarge != null) {
                    throw new IOException(notKnownHosts(tooLarge));
                }
                byte[] now = new byte[(int) ch.size()];
                for (java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(now); b.hasRemaining(); ) {
                    if (ch.read(b, b.position()) < 0) {
                        throw new IOException("the file shrank while it was read under its lock");
                    }
                }
                String notKnownHosts = KnownHostsFormat.problem(now);
                if (notKnownHosts != null) {
                    throw new IOException(notKnownHosts(notKnownHosts));
                }
                if (KnownHostsVerifier.lookup(host, key, List.of(KnownHostsFile.parse(now)), List.of(target)).outcome()
                        == KnownHostsVerifier.Outcome.KNOWN) {
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
}
