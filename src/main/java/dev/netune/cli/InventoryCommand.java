package dev.netune.cli;

import dev.netune.inventory.Host;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Shows what netune resolved from the inventory and the ssh config, as {@code ansible-inventory}
 * and {@code ssh -G} do; no host is contacted.
 */
@Command(name = "inventory", mixinStandardHelpOptions = true,
        description = "Show each host as netune would reach it (address, user, keys, jumps, known_hosts, groups,"
                + " profiles, variables); nothing is contacted.")
final class InventoryCommand implements Callable<Integer> {
    @Mixin
    TargetOptions target;

    @ArgGroup(exclusive = true, multiplicity = "1")
    What what;

    static final class What {
        @Option(names = "--list", description = "Every host (after --limit).")
        boolean list;

        @Option(names = "--host", paramLabel = "NAME", description = "One host.")
        String host;
    }

    @Option(names = "--format", defaultValue = "json", description = "json or text (default: ${DEFAULT-VALUE}).")
    Format format;

    @Override
    public Integer call() throws Exception {
        if (target.inventory == null) {
            throw new UserError("inventory needs -i INVENTORY");
        }
        List<Host> hosts = target.hosts();
        if (what.host != null) {
            hosts = hosts.stream().filter(h -> h.name().equals(what.host)).toList();
            if (hosts.isEmpty()) {
                throw new UserError("no host '" + what.host + "' in " + target.inventory);
            }
        }
        System.out.print(format == Format.json ? InventoryView.json(hosts) : InventoryView.text(hosts));
        return ExitCodes.OK;
    }
}
