package dev.netune.transport;

import java.time.Duration;
import java.util.Objects;

/**
 * How to connect over SSH, shared by all targets of a run.
 *
 * @param connectTimeout     limit for TCP connect plus the SSH handshake and authentication, per hop;
 *                           also how long a host waits for a shared jump host another host is opening
 * @param acceptNewHostKeys  record host keys of hosts not yet in known_hosts instead of refusing
 *                           them (like OpenSSH's {@code accept-new}); changed keys are always refused
 * @param maxOutputBytes     bound on what one script may print (stdout and stderr together); past
 *                           it the script is stopped and the run fails, never returns truncated output
 */
public record SshOptions(Duration connectTimeout, boolean acceptNewHostKeys, long maxOutputBytes) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Gather and apply print kilobytes; 64 MiB is far beyond any real run and still fits a heap. */
    public static final long DEFAULT_MAX_OUTPUT_BYTES = 64L << 20;

    public SshOptions {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be positive: " + connectTimeout);
        }
        if (maxOutputBytes < 1 || maxOutputBytes > Integer.MAX_VALUE - 8) {
            // one byte array holds the output: a Java array cannot be larger
            throw new IllegalArgumentException("maxOutputBytes out of range: " + maxOutputBytes);
        }
    }

    /** Options with the default output bound. */
    public SshOptions(Duration connectTimeout, boolean acceptNewHostKeys) {
        this(connectTimeout, acceptNewHostKeys, DEFAULT_MAX_OUTPUT_BYTES);
    }

    public static SshOptions defaults() {
        return new SshOptions(DEFAULT_CONNECT_TIMEOUT, false);
    }
}
