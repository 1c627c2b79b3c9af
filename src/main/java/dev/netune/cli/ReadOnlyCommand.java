package dev.netune.cli;

import dev.netune.engine.Engine;
import dev.netune.engine.HostOutcome;
import dev.netune.engine.Target;
import dev.netune.report.JsonReport;
import dev.netune.report.Summary;
import dev.netune.report.TextReport;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** A command that only reads each host ({@code facts}, {@code history}) and prints what it read. */
abstract class ReadOnlyCommand implements Callable<Integer> {
    @Mixin
    TargetOptions target;

    @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
    Format format;

    /** The command's name in JSON reports. */
    abstract String name();

    /** What the command reads from the hosts. */
    abstract List<HostOutcome> read(Engine engine, List<Target> targets);

    @Override
    public Integer call() throws Exception {
        List<HostOutcome> outcomes = read(new Engine(target.engineOptions(), TargetOptions.progress()),
                target.targetsWithoutProfiles());
        System.out.print(format == Format.json ? JsonReport.render(name(), target.inputs(), outcomes, true)
                : new TextReport(TargetOptions.colour()).facts(outcomes));
        return Summary.of(outcomes).anyError() ? ExitCodes.ERROR : ExitCodes.OK;
    }
}
