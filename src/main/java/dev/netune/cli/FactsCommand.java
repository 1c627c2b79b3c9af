package dev.netune.cli;

import dev.netune.engine.Engine;
import dev.netune.engine.HostOutcome;
import dev.netune.report.JsonReport;
import dev.netune.report.Summary;
import dev.netune.report.TextReport;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Shows the current state of each host as netune reads it. */
@Command(name = "facts", mixinStandardHelpOptions = true, description = "Show the current state of each host as netune reads it.")
final class FactsCommand implements Callable<Integer> {
    @Mixin
    TargetOptions target;

    @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
    Format format;

    @Override
    public Integer call() throws Exception {
        List<HostOutcome> outcomes = new Engine(target.engineOptions(), TargetOptions.progress())
                .facts(target.targetsWithoutProfiles());
        System.out.print(format == Format.json ? JsonReport.render("facts", target.inputs(), outcomes, true)
                : new TextReport(TargetOptions.colour()).facts(outcomes));
        return Summary.of(outcomes).anyError() ? ExitCodes.ERROR : ExitCodes.OK;
    }
}
