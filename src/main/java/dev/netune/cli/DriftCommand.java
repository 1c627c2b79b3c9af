package dev.netune.cli;

import dev.netune.engine.Engine;
import dev.netune.engine.HostOutcome;
import dev.netune.engine.HostStatus;
import dev.netune.report.JsonReport;
import dev.netune.report.JunitReport;
import dev.netune.report.MarkdownReport;
import dev.netune.report.Summary;
import dev.netune.report.TextReport;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** A plan whose only question is "is anything different?"; for CI. */
@Command(name = "drift", mixinStandardHelpOptions = true, description = "Report hosts that differ from their profiles: exit 0 none, 2 drift, 1 error.")
final class DriftCommand implements Callable<Integer> {
    /** Drift has one more format than the other commands: JUnit XML for CI test reports. */
    enum DriftFormat { text, json, junit, markdown }

    @Mixin
    TargetOptions target;

    @Option(names = "--format", defaultValue = "text",
            description = "text, json, junit (JUnit XML: a test suite per host, a test case per setting) or markdown"
                    + " (a PR comment or $$GITHUB_STEP_SUMMARY; default: ${DEFAULT-VALUE}).")
    DriftFormat format;

    @Option(names = {"-v", "--verbose"},
            description = "Each host on its own, also the settings already as wanted (a fleet is otherwise grouped).")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        List<HostOutcome> outcomes = new Engine(target.engineOptions(), TargetOptions.progress())
                .plan(target.targets(System.err));
        System.out.print(switch (format) {
            case json -> JsonReport.render("drift", target.inputs(), outcomes, false);
            case junit -> JunitReport.drift(outcomes);
            case markdown -> MarkdownReport.plan("drift", outcomes, verbose);
            case text -> new TextReport(TargetOptions.colour()).plan(outcomes, verbose);
        });
        Summary s = Summary.of(outcomes);
        if (s.anyError()) {
            return ExitCodes.ERROR;
        }
        return s.count(HostStatus.CHANGES) > 0 ? ExitCodes.CHANGES : ExitCodes.OK;
    }
}
