package dev.netune.cli;

import dev.netune.engine.Engine;
import dev.netune.engine.HostOutcome;
import dev.netune.engine.HostStatus;
import dev.netune.report.AtomicFile;
import dev.netune.report.BuildInfo;
import dev.netune.report.JsonReport;
import dev.netune.report.PrometheusReport;
import dev.netune.report.JunitReport;
import dev.netune.report.MarkdownReport;
import dev.netune.report.Summary;
import dev.netune.report.TextReport;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** A plan whose only question is "is anything different?"; for CI. */
@Command(name = "drift", mixinStandardHelpOptions = true, description = "Report hosts that differ from their profiles: exit 0 none, 2 drift, 1 error.")
final class DriftCommand implements Callable<Integer> {
    /** Drift has more formats than the other commands: JUnit XML for CI, Prometheus for monitoring. */
    enum DriftFormat { text, json, junit, markdown, prometheus }

    @Mixin
    TargetOptions target;

    @Option(names = "--format", defaultValue = "text",
            description = "text, json, junit (JUnit XML: a test suite per host, a test case per setting), markdown"
                    + " (a PR comment or $$GITHUB_STEP_SUMMARY) or prometheus (node_exporter's textfile collector;"
                    + " default: ${DEFAULT-VALUE}).")
    DriftFormat format;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Write the report to FILE (atomically: readers see the old or the new file) instead of stdout,"
                    + " e.g. /var/lib/node_exporter/textfile/netune.prom.")
    Path out;

    @Option(names = {"-v", "--verbose"},
            description = "Each host on its own, also the settings already as wanted (a fleet is otherwise grouped).")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        Instant started = Instant.now();
        List<HostOutcome> outcomes = new Engine(target.engineOptions(), TargetOptions.progress())
                .plan(target.targets(System.err));
        Instant finished = Instant.now();
        String report = switch (format) {
            case json -> JsonReport.render("drift", target.inputs(), outcomes, false);
            case junit -> JunitReport.drift(outcomes);
            case markdown -> MarkdownReport.plan("drift", outcomes, verbose);
            case prometheus -> PrometheusReport.drift(outcomes, finished, Duration.between(started, finished),
                    BuildInfo.current());
            case text -> new TextReport(out == null && TargetOptions.colour()).plan(outcomes, verbose);
        };
        if (out != null) {
            AtomicFile.write(out, report);
        } else {
            System.out.print(report);
        }
        Summary s = Summary.of(outcomes);
        if (s.anyError()) {
            return ExitCodes.ERROR;
        }
        return s.count(HostStatus.CHANGES) > 0 ? ExitCodes.CHANGES : ExitCodes.OK;
    }
}
