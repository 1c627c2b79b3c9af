package dev.netune.engine;

import dev.netune.transport.SshOptions;
import java.time.Duration;
import java.util.Optional;

/**
 * How the engine runs over a fleet: parallelism, SSH options, the per-script timeout, how applies
 * treat hosts, and the deadline of the whole run (hosts not done by then are reported as failed).
 */
public record EngineOptions(int forks, SshOptions ssh, Duration commandTimeout, ApplyPolicy apply,
                            Optional<Duration> deadline) {
    public EngineOptions {
        if (forks < 1) {
            throw new IllegalArgumentException("--forks must be at least 1");
        }
        if (deadline.isPresent() && (deadline.get().isNegative() || deadline.get().isZero())) {
            throw new IllegalArgumentException("--deadline must be positive");
        }
    }

    public EngineOptions(int forks, SshOptions ssh, Duration commandTimeout) {
        this(forks, ssh, commandTimeout, ApplyPolicy.DEFAULT, Optional.empty());
    }

    public EngineOptions with(ApplyPolicy policy) {
        return new EngineOptions(forks, ssh, commandTimeout, policy, deadline);
    }

    /** The whole run, from the engine's creation, ends within {@code runDeadline}. */
    public EngineOptions withDeadline(Duration runDeadline) {
        return new EngineOptions(forks, ssh, commandTimeout, apply, Optional.of(runDeadline));
    }
}
