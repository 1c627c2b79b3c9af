package dev.netune.cli;

import dev.netune.inventory.Host;
import dev.netune.inventory.InventoryLoader;
import dev.netune.profile.Problem;
import dev.netune.profile.Profile;
import dev.netune.profile.ValidationException;
import dev.netune.profile.Variables;
import java.util.ArrayList;
import dev.netune.profile.ProfileLoader;
import dev.netune.kinds.Kinds;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Offline check of profiles (and optionally an inventory); contacts no host. */
@Command(name = "validate", mixinStandardHelpOptions = true, description = "Check profiles offline; print every problem with file:line:col.")
final class ValidateCommand implements Callable<Integer> {
    @Parameters(paramLabel = "PROFILE", arity = "1..*", description = "Profile files.")
    List<Path> files;

    @Option(names = {"-i", "--inventory"}, paramLabel = "INVENTORY", description = "Also check this inventory.")
    Path inventory;

    @Override
    public Integer call() throws Exception {
        return validate(files, inventory);
    }

    /** The check itself, for picocli's command and for {@link Main#plainValidate}; {@code inventory} may be null. */
    static int validate(List<Path> files, Path inventory) throws Exception {
        List<Problem> problems = new ArrayList<>();
        List<Host> hosts = List.of();
        if (inventory != null) {
            try {
                hosts = new InventoryLoader().load(inventory).hosts();
            } catch (ValidationException e) {
                problems.addAll(e.problems());
            }
        }
        List<Profile> profiles = List.of();
        Set<String> used = Variables.namesUsed(files);
        try {
            if (hosts.isEmpty() || used.isEmpty()) {
                profiles = new ProfileLoader(Kinds.all()).loadAll(files);
            } else {
                // the profiles use inventory variables: check them with the values of every host
                List<Path> absolute = files.stream().map(p -> p.toAbsolutePath().normalize()).toList();
                TargetOptions.desiredStates(hosts, h -> absolute);
                profiles = new ProfileLoader(Kinds.all(), new Variables(hosts.get(0).vars(), "host " + hosts.get(0).name()))
                        .loadAll(files);
            }
        } catch (ValidationException e) {
            problems.addAll(e.problems());
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems); // inventory and profiles reported together
        }
        for (Profile p : profiles) {
            System.out.println("ok: " + p.name() + " (" + p.file() + ")");
        }
        return ExitCodes.OK;
    }
}
