package dev.netune.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netune.report.ReportMerge;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Work on JSON reports written by other runs: {@code netune report merge}. */
@Command(name = "report", mixinStandardHelpOptions = true, description = "Work on JSON reports of other runs.", subcommands = ReportCommand.Merge.class)
final class ReportCommand {

    /** Merges the reports of shards into one; for drift, the exit code is the fleet's. */
    @Command(name = "merge", mixinStandardHelpOptions = true, description = "Merge the JSON reports of shards (--shard I/N) into one; "
            + "exit 0 no changes, 2 changes or drift, 1 errors in any shard.")
    static final class Merge implements Callable<Integer> {
        @Parameters(paramLabel = "REPORT", arity = "1..*", description = "JSON reports (--format json) of one command.")
        List<Path> files;

        @Override
        public Integer call() throws Exception {
            String merged = ReportMerge.merge(files);
            System.out.print(merged);
            var summary = new ObjectMapper().readTree(merged).path("summary");
            if (summary.path("failed").asInt() + summary.path("unreachable").asInt() + summary.path("stale").asInt() > 0) {
                return ExitCodes.ERROR;
            }
            return summary.path("changes").asInt() > 0 ? ExitCodes.CHANGES : ExitCodes.OK;
        }
    }
}
