package dev.netune.cli;

import dev.netune.engine.Engine;
import dev.netune.engine.HostOutcome;
import dev.netune.engine.HostStatus;
import dev.netune.engine.Target;
import dev.netune.report.Inputs;
import dev.netune.report.JsonReport;
import dev.netune.report.Summary;
import dev.netune.report.TextReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Reads every targeted host and shows what apply would change. */
@Command(name = "plan", mixinStandardHelpOptions = true, description = "Show what apply would change on each host.")
final class PlanCommand implements Callable<Integer> {
    @Mixin
    TargetOptions target;

    @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--out", paramLabel = "PLANFILE", description = "Save the plan for `netune apply PLANFILE`.")
    Path out;

    @Option(names = "--detailed-exitcode", description = "Exit 2 when there are changes, 0 when none.")
    boolean detailedExitcode;

    @Option(names = {"-v", "--verbose"}, description = "Also list settings that are already as wanted.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        Engine engine = new Engine(target.engineOptions(), TargetOptions.progress());
        List<Target> targets = target.targets(System.err);
        // digests of what the plan is made from: apply PLANFILE refuses other inputs
        Inputs inputs = target.inputs().withFiles(target.inputFiles());
        List<HostOutcome> outcomes = engine.plan(targets);
        if (out != null) {
            Files.writeString(out, JsonReport.render("plan", inputs, outcomes, false));
            System.err.println("netune: plan saved to " + out + "; apply it with `netune apply " + out
                    + "` and the same " + (target.inventory == null ? "-p" : "-i/-p") + " options");
        }
        System.out.print(format == Format.json ? JsonReport.render("plan", inputs, outcomes, false)
                : new TextReport(TargetOptions.colour()).plan(outcomes, verbose));
        Summary s = Summary.of(outcomes);
        if (s.anyError()) {
            return ExitCodes.ERROR;
        }
        return detailedExitcode && s.count(HostStatus.CHANGES) > 0 ? ExitCodes.CHANGES : ExitCodes.OK;
    }
}
