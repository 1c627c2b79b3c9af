package dev.netune.cli;

import dev.netune.engine.Engine;
import dev.netune.engine.HostOutcome;
import dev.netune.engine.Target;
import java.util.List;
import picocli.CommandLine.Command;

/** Shows the current state of each host as netune reads it. */
@Command(name = "facts", mixinStandardHelpOptions = true, description = "Show the current state of each host as netune reads it.")
final class FactsCommand extends ReadOnlyCommand {
    @Override
    String name() {
        return "facts";
    }

    @Override
    List<HostOutcome> read(Engine engine, List<Target> targets) {
        return engine.facts(targets);
    }
}
