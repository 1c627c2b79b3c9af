package dev.netune.cli;

import dev.netune.engine.HostOutcome;
import dev.netune.report.JsonReport;
import dev.netune.report.Summary;
import dev.netune.report.TextReport;
import java.util.List;

/** Prints what read-only commands ({@code facts}, {@code history}) read from each host, and their exit code. */
final class FactsOutput {
    private FactsOutput() {
    }

    static int print(String command, TargetOptions target, Format format, List<HostOutcome> outcomes) {
        System.out.print(format == Format.json ? JsonReport.render(command, target.inputs(), outcomes, true)
                : new TextReport(TargetOptions.colour()).facts(outcomes));
        return Summary.of(outcomes).anyError() ? ExitCodes.ERROR : ExitCodes.OK;
    }
}
