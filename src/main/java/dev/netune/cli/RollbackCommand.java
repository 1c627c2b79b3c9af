package dev.netune.cli;

import dev.netune.engine.Session;
import dev.netune.engine.Engine;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Plans and applies the return of each host to a snapshot; asks first unless --yes. */
@Command(name = "rollback", mixinStandardHelpOptions = true, description = "Return hosts to the values saved before an apply (newest snapshot, or --to ID).")
final class RollbackCommand implements Callable<Integer> {
    @Mixin
    TargetOptions target;

    @Mixin
    ApplyOptions applyOptions;

    @Option(names = "--to", paramLabel = "SNAPSHOT", description = "Snapshot id from `netune history` (default: the newest).")
    String to;

    @Option(names = {"-y", "--yes"}, description = "Roll back without asking.")
    boolean yes;

    @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
    Format format;

    @Override
    public Integer call() throws Exception {
        Confirmed.requireConfirmable(yes, "rollback");
        if (target.inventory == null && !ApplyCommand.isRoot()) {
            throw new UserError("rollback changes the kernel and needs root: run it as root (e.g. with sudo)");
        }
        Engine engine = new Engine(applyOptions.applyTo(target.engineOptions()), TargetOptions.progress());
        List<Session> sessions = engine.revertKeepingSessions(target.targetsWithoutProfiles(),
                Optional.ofNullable(to));
        return Confirmed.apply(engine, sessions, yes, format, "rollback", target.inputs());
    }
}
