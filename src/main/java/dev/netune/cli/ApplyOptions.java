package dev.netune.cli;

import dev.netune.engine.ApplyPolicy;
import dev.netune.engine.EngineOptions;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Options of the commands that change hosts (apply, rollback): confirmed apply and service restarts. */
final class ApplyOptions {
    @Option(names = "--confirm-timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "A host whose changes can cut the SSH session (MTU, channels or rings on the NIC carrying"
                    + " it) restores itself unless netune confirms over a new connection within this time"
                    + " (default: ${DEFAULT-VALUE}).")
    int confirmTimeout;

    @Option(names = "--confirm",
            description = "Arm the automatic restore and confirm over a new connection for every host, not only"
                    + " for changes netune knows can cut the connection.")
    boolean confirmAlways;

    @Option(names = "--allow-service-restart",
            description = "Restart what a change needs to take effect now: `systemctl daemon-reexec` when the"
                    + " DefaultLimitNOFILE drop-in changed (running services keep their limits until restarted).")
    boolean allowServiceRestart;

    EngineOptions applyTo(EngineOptions options) {
        if (confirmTimeout < 10) {
            throw new UserError("--confirm-timeout must be at least 10 seconds: the host has to be read again over"
                    + " a new connection within it; got " + confirmTimeout);
        }
        return options.with(new ApplyPolicy(Duration.ofSeconds(confirmTimeout), confirmAlways, allowServiceRestart));
    }
}
