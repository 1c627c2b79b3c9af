package dev.netune.transport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How to connect over SSH, shared by all targets of a run.
 *
 * @param connectTimeout     limit for TCP connect plus the SSH handshake and authentication
 * @param acceptNewHostKeys  record host keys of hosts not yet in known_hosts instead of refusing
 *                           them (like OpenSSH's {@code accept-new}); changed keys are always refused
 * @param knownHosts         the user's own known_hosts file (~/.ssh/known_hosts or one named on the
 *                           command line): the only file new host keys are ever added to. A file
 *                           an inventory or ssh config names is read, never written.
 */
public record SshOptions(Duration connectTimeout, boolean acceptNewHostKeys, Path knownHosts) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    public SshOptions {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(knownHosts, "knownHosts");
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be positive: " + connectTimeout);
        }
    }

    /** With ~/.ssh/known_hosts as the user's own file. */
    public SshOptions(Duration connectTimeout, boolean acceptNewHostKeys) {
        this(connectTimeout, acceptNewHostKeys, defaultKnownHosts());
    }

    public static SshOptions defaults() {
        return new SshOptions(DEFAULT_CONNECT_TIMEOUT, false);
    }

    /** ~/.ssh/known_hosts, OpenSSH's UserKnownHostsFile. */
    public static Path defaultKnownHosts() {
        return Path.of(System.getProperty("user.home"), ".ssh", "known_hosts");
    }
}
