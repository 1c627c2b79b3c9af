package dev.netune.inventory;

import java.nio.file.Path;
import java.util.List;

/** The hosts of an inventory file, in file order. */
public record Inventory(Path file, List<Host> hosts) {
    public Inventory {
        hosts = List.copyOf(hosts);
    }
}
