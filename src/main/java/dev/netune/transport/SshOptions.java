package dev.netune.transport;

import java.time.Duration;
import java.util.Objects;

/**
 * How to connect over SSH, shared by all targets of a run.
 *
 * @param connectTimeout     limit for TCP connect plus the SSH handshake and authentication
 * @param acceptNewHostKeys  record host keys of hosts not yet in known_hosts instead of refusing
 *                           them (like OpenSSH's {@code accept-new}); changed keys are always refused
 */
public record SshOptions(Duration connectTimeout, boolean acceptNewHostKeys) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    public SshOptions {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be positive: " + connectTimeout);
        }
    }

    public static SshOptions defaults() {
        return new SshOptions(DEFAULT_CONNECT_TIMEOUT, false);
    }
}
