package dev.netune.inventory;

import java.nio.file.Path;
import java.util.List;

/**
 * The hosts of an inventory file, in file order, and warnings about things in it (or in the ssh
 * config it uses) that netune ignored.
 */
public record Inventory(Path file, List<Host> hosts, List<String> warnings) {
    public Inventory {
        hosts = List.copyOf(hosts);
        warnings = List.copyOf(warnings);
    }

    public Inventory(Path file, List<Host> hosts) {
        this(file, hosts, List.of());
    }
}
