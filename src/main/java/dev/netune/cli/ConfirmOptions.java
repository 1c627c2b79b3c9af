package dev.netune.cli;

import dev.netune.engine.EngineOptions;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Options of the confirmed apply, shared by the commands that change hosts (apply, rollback). */
final class ConfirmOptions {
    @Option(names = "--confirm-timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "A host whose changes can cut the SSH session (MTU, channels or rings on the NIC carrying"
                    + " it) restores itself unless netune confirms over a new connection within this time"
                    + " (default: ${DEFAULT-VALUE}).")
    int confirmTimeout;

    @Option(names = "--confirm",
            description = "Arm the automatic restore and confirm over a new connection for every host, not only"
                    + " for changes netune knows can cut the connection.")
    boolean confirmAlways;

    EngineOptions applyTo(EngineOptions options) {
        if (confirmTimeout < 10) {
            throw new UserError("--confirm-timeout must be at least 10 seconds: the host has to be read again over"
                    + " a new connection within it; got " + confirmTimeout);
        }
        return options.withConfirmation(Duration.ofSeconds(confirmTimeout), confirmAlways);
    }
}
