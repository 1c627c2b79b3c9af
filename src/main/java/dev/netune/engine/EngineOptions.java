package dev.netune.engine;

import dev.netune.transport.SshOptions;
import java.time.Duration;

/**
 * How the engine runs over a fleet: parallelism, SSH options, the per-script timeout, and the
 * confirmed apply: how long a host waits for netune's confirmation before it restores itself,
 * and whether every apply is confirmed (not only those whose plan can cut the connection).
 */
public record EngineOptions(int forks, SshOptions ssh, Duration commandTimeout, Duration confirmTimeout,
                            boolean confirmAlways) {
    public static final Duration DEFAULT_CONFIRM_TIMEOUT = Duration.ofSeconds(120);

    public EngineOptions {
        if (forks < 1) {
            throw new IllegalArgumentException("--forks must be at least 1");
        }
    }

    public EngineOptions(int forks, SshOptions ssh, Duration commandTimeout) {
        this(forks, ssh, commandTimeout, DEFAULT_CONFIRM_TIMEOUT, false);
    }

    public EngineOptions withConfirmation(Duration timeout, boolean always) {
        return new EngineOptions(forks, ssh, commandTimeout, timeout, always);
    }
}
