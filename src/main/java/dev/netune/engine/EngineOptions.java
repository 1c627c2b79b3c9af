package dev.netune.engine;

import dev.netune.transport.SshOptions;
import java.time.Duration;

/** How the engine runs over a fleet: parallelism, SSH options, the per-script timeout, and how applies treat hosts. */
public record EngineOptions(int forks, SshOptions ssh, Duration commandTimeout, ApplyPolicy apply) {
    public EngineOptions {
        if (forks < 1) {
            throw new IllegalArgumentException("--forks must be at least 1");
        }
    }

    public EngineOptions(int forks, SshOptions ssh, Duration commandTimeout) {
        this(forks, ssh, commandTimeout, ApplyPolicy.DEFAULT);
    }

    public EngineOptions with(ApplyPolicy policy) {
        return new EngineOptions(forks, ssh, commandTimeout, policy);
    }
}
