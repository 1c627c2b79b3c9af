package dev.netune.report;

import java.util.List;

/**
 * What a command was run with; recorded in JSON reports so that a saved plan can be re-checked
 * against the same inventory, profiles and host selection.
 */
public record Inputs(String inventory, List<String> profiles, String limit) {
    public Inputs {
        profiles = List.copyOf(profiles);
    }
}
