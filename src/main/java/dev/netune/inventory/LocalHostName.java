package dev.netune.inventory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The controller's own host name as gethostname(2) gives it, which is what OpenSSH's {@code %l}
 * expands to: read from the kernel, not resolved, because a resolver lookup (what
 * {@link InetAddress#getLocalHost()} does) can wait seconds on a machine with slow DNS. Only a
 * system without /proc falls back to the lookup.
 */
public final class LocalHostName {
    private LocalHostName() {
    }

    /** Read once a run: every host's ssh settings expand {@code %l}, 100,000 of them in a large inventory. */
    private static final String NAME = read();

    public static String get() {
        return NAME;
    }

    private static String read() {
        try {
            String name = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            if (!name.isEmpty()) {
                return name;
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: the lookup below
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
