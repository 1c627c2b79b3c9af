package dev.netune.engine;

import dev.netune.transport.SshOptions;
import java.time.Duration;

/** How the engine runs over a fleet: parallelism, SSH options and the per-script timeout. */
public record EngineOptions(int forks, SshOptions ssh, Duration commandTimeout) {
    public EngineOptions {
        if (forks < 1) {
            throw new IllegalArgumentException("--forks must be at least 1");
        }
    }
}
