package dev.netune.cli;

import dev.netune.engine.Engine;
import dev.netune.engine.HostOutcome;
import dev.netune.engine.Target;
import java.util.List;
import picocli.CommandLine.Command;

/** Lists the snapshots each host keeps (one per apply), newest first. */
@Command(name = "history", mixinStandardHelpOptions = true, description = "List the snapshots each host saved before each apply (for rollback).")
final class HistoryCommand extends ReadOnlyCommand {
    @Override
    String name() {
        return "history";
    }

    @Override
    List<HostOutcome> read(Engine engine, List<Target> targets) {
        return engine.history(targets);
    }
}
