package dev.netune.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What a command was run with; recorded in JSON reports. A saved plan also records every input
 * file with its digest ({@code files}), which {@code apply PLANFILE} compares with the inputs it
 * is given on its own command line.
 */
public record Inputs(String inventory, List<String> profiles, String limit,
                     @JsonInclude(JsonInclude.Include.NON_EMPTY) List<InputFile> files) {
    public Inputs {
        profiles = List.copyOf(profiles);
        files = files == null ? List.of() : List.copyOf(files);
    }

    public Inputs(String inventory, List<String> profiles, String limit) {
        this(inventory, profiles, limit, List.of());
    }

    public Inputs withFiles(List<InputFile> inputFiles) {
        return new Inputs(inventory, profiles, limit, inputFiles);
    }
}
