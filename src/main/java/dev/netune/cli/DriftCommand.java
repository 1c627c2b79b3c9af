package dev.netune.cli;

import dev.netune.engine.Engine;
import dev.netune.engine.HostOutcome;
import dev.netune.engine.HostStatus;
import dev.netune.report.JsonReport;
import dev.netune.report.JunitReport;
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
    enum DriftFormat { text, json, junit }

    @Mixin
    TargetOptions target;

    @Option(names = "--format", defaultValue = "text",
            description = "text, json or junit (JUnit XML: a test suite per host, a test case per setting;"
                    + " default: ${DEFAULT-VALUE}).")
    DriftFormat format;

    @Override
    public Integer call() throws Exception {
        List<HostOutcome> outcomes = new Engine(target.engineOptions(), TargetOptions.progress())
                .plan(target.targets(System.err));
        System.out.print(switch (format) {
            case json -> JsonReport.render("drift", target.inputs(), outcomes, false);
            case junit -> JunitReport.drift(outcomes);
            case text -> new TextReport(TargetOptions.colour()).plan(outcomes, false);
        });
        Summary s = Summary.of(outcomes);
        if (s.anyError()) {
            return ExitCodes.ERROR;
        }
        return s.count(HostStatus.CHANGES) > 0 ? ExitCodes.CHANGES : ExitCodes.OK;
    }
}
