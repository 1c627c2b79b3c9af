package dev.netune.cli;

import dev.netune.engine.Engine;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Lists the snapshots each host keeps (one per apply), newest first. */
@Command(name = "history", mixinStandardHelpOptions = true, description = "List the snapshots each host saved before each apply (for rollback).")
final class HistoryCommand implements Callable<Integer> {
    @Mixin
    TargetOptions target;

    @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
    Format format;

    @Override
    public Integer call() throws Exception {
        return FactsOutput.print("history", target, format, new Engine(target.engineOptions(), TargetOptions.progress())
                .history(target.targetsWithoutProfiles()));
    }
}
