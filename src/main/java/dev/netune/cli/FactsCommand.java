package dev.netune.cli;

import dev.netune.engine.Engine;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Shows the current state of each host as netune reads it. */
@Command(name = "facts", mixinStandardHelpOptions = true, description = "Show the current state of each host as netune reads it.")
final class FactsCommand implements Callable<Integer> {
    @Mixin
    TargetOptions target;

    @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
    Format format;

    @Override
    public Integer call() throws Exception {
        return FactsOutput.print("facts", target, format, new Engine(target.engineOptions(), TargetOptions.progress())
                .facts(target.targetsWithoutProfiles()));
    }
}
