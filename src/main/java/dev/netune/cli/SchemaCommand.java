package dev.netune.cli;

import dev.netune.schema.JsonSchemas;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Prints the JSON Schema of profiles or inventories, generated from the loaders (for editors). */
@Command(name = "schema", mixinStandardHelpOptions = true,
        description = "Print the JSON Schema of netune profiles or inventories, for editors"
                + " (# yaml-language-server: $$schema=...). The release ships both under schema/.")
final class SchemaCommand implements Callable<Integer> {
    enum Kind { profile, inventory }

    @Parameters(paramLabel = "KIND", description = "profile or inventory.")
    Kind kind;

    @Override
    public Integer call() {
        System.out.print(kind == Kind.profile ? JsonSchemas.profile() : JsonSchemas.inventory());
        return ExitCodes.OK;
    }
}
