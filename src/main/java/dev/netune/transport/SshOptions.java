package dev.netune.transport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How to connect over SSH, shared by all targets of a run.
 *
 * @param connectTimeout     limit for TCP connect plus the SSH handshake and authentication, per hop;
 *                           also how long a host waits for a shared jump host another host is opening
 * @param acceptNewHostKeys  record host keys of hosts not yet in known_hosts instead of refusing
 *                           them (like OpenSSH's {@code accept-new}); changed keys are always refused
 * @param knownHosts         the user's own known_hosts file (~/.ssh/known_hosts or one named on the
 *                           command line): the only file new host keys are ever added to. A file
 *                           an inventory or ssh config names is read, never written.
 * @param maxOutputBytes     bound on what one script may print (stdout and stderr together); past
 *                           it the script is stopped and the run fails, never returns truncated output
 */
public record SshOptions(Duration connectTimeout, boolean acceptNewHostKeys, Path knownHosts, long maxOutputBytes) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Gather and apply print kilobytes; 64 MiB is far beyond any real run and still fits a heap. */
    public static final long DEFAULT_MAX_OUTPUT_BYTES = 64L << 20;

    public SshOptions {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(knownHosts, "knownHosts");
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be positive: " + connectTimeout);
        }
        if (maxOutputBytes < 1 || maxOutputBytes > Integer.MAX_VALUE - 8) {
            // one byte array holds the output: a Java array cannot be larger
            throw new IllegalArgumentException("maxOutputBytes out of range: " + maxOutputBytes);
        }
    }

    /** With ~/.ssh/known_hosts as the user's own file and the default output bound. */
    public SshOptions(Duration connectTimeout, boolean acceptNewHostKeys) {
        this(connectTimeout, acceptNewHostKeys, defaultKnownHosts());
    }

    /** With the default output bound. */
    public SshOptions(Duration connectTimeout, boolean acceptNewHostKeys, Path knownHosts) {
        this(connectTimeout, acceptNewHostKeys, knownHosts, DEFAULT_MAX_OUTPUT_BYTES);
    }

    /** With ~/.ssh/known_hosts as the user's own file. */
    public SshOptions(Duration connectTimeout, boolean acceptNewHostKeys, long maxOutputBytes) {
        this(connectTimeout, acceptNewHostKeys, defaultKnownHosts(), maxOutputBytes);
    }

    public static SshOptions defaults() {
        return new SshOptions(DEFAULT_CONNECT_TIMEOUT, false);
    }

    /** ~/.ssh/known_hosts, OpenSSH's UserKnownHostsFile. */
    public static Path defaultKnownHosts() {
        return Path.of(System.getProperty("user.home"), ".ssh", "known_hosts");
    }
}
