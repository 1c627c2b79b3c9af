package dev.netune.cli;

import dev.netune.engine.Engine;
import dev.netune.engine.HostOutcome;
import dev.netune.engine.HostStatus;
import dev.netune.engine.Target;
import dev.netune.report.FleetView;
import dev.netune.report.Inputs;
import dev.netune.report.JsonReport;
import dev.netune.report.MarkdownReport;
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
    /** Plan has Markdown besides the formats of the other commands (a pull request comment). */
    enum PlanFormat { text, json, markdown }

    @Mixin
    TargetOptions target;

    @Option(names = "--format", defaultValue = "text",
            description = "text, json or markdown (a PR comment or $$GITHUB_STEP_SUMMARY; default: ${DEFAULT-VALUE}).")
    PlanFormat format;

    @Option(names = "--out", paramLabel = "PLANFILE", description = "Save the plan for `netune apply PLANFILE`.")
    Path out;

    @Option(names = "--detailed-exitcode", description = "Exit 2 when there are changes, 0 when none.")
    boolean detailedExitcode;

    @Option(names = {"-v", "--verbose"},
            description = "Each host on its own, also the settings already as wanted (a fleet of more than "
                    + FleetView.HOSTS + " hosts is otherwise grouped: each distinct change once with its hosts).")
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
        System.out.print(switch (format) {
            case json -> JsonReport.render("plan", inputs, outcomes, false);
            case markdown -> MarkdownReport.plan("plan", outcomes, verbose);
            case text -> new TextReport(TargetOptions.colour()).plan(outcomes, verbose);
        });
        Summary s = Summary.of(outcomes);
        if (s.anyError()) {
            return ExitCodes.ERROR;
        }
        return detailedExitcode && s.count(HostStatus.CHANGES) > 0 ? ExitCodes.CHANGES : ExitCodes.OK;
    }
}
