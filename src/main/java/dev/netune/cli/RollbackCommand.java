package dev.netune.cli;

import dev.netune.engine.Engine;
import dev.netune.engine.HostOutcome;
import dev.netune.engine.HostStatus;
import dev.netune.report.JsonReport;
import dev.netune.report.Summary;
import dev.netune.report.TextReport;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Plans and applies the return of each host to a snapshot; asks first unless --yes. */
@Command(name = "rollback", description = "Return hosts to the values saved before an apply (newest snapshot, or --to ID).")
final class RollbackCommand implements Callable<Integer> {
    @Mixin
    TargetOptions target;

    @Option(names = "--to", paramLabel = "SNAPSHOT", description = "Snapshot id from `netune history` (default: the newest).")
    String to;

    @Option(names = {"-y", "--yes"}, description = "Roll back without asking.")
    boolean yes;

    @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
    Format format;

    @Override
    public Integer call() throws Exception {
        if (!yes && System.console() == null) {
            throw new UserError("no terminal to confirm on: pass --yes to roll back without asking");
        }
        if (target.inventory == null && !ApplyCommand.isRoot()) {
            throw new UserError("rollback changes the kernel and needs root: run it as root (e.g. with sudo)");
        }
        Engine engine = new Engine(target.engineOptions(), TargetOptions.progress());
        List<Engine.Session> sessions = engine.revertKeepingSessions(target.targetsWithoutProfiles(),
                Optional.ofNullable(to));
        List<HostOutcome> planned = sessions.stream().map(Engine.Session::outcome).toList();
        TextReport text = new TextReport(TargetOptions.colour());
        System.out.print(text.plan(planned, false));
        boolean anyChanges = planned.stream().anyMatch(o -> o.status() == HostStatus.CHANGES);
        if (anyChanges && !yes && !ApplyCommand.confirm()) {
            sessions.forEach(Engine.Session::close);
            System.err.println("netune: rollback cancelled; nothing was changed");
            return ExitCodes.ERROR;
        }
        List<HostOutcome> outcomes = engine.apply(sessions);
        System.out.print(format == Format.json ? JsonReport.render("rollback", target.inputs(), outcomes, false)
                : text.apply(outcomes));
        return Summary.of(outcomes).anyError() ? ExitCodes.ERROR : ExitCodes.OK;
    }
}
