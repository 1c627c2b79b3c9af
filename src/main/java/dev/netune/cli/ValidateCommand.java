package dev.netune.cli;

import dev.netune.inventory.InventoryLoader;
import dev.netune.profile.Problem;
import dev.netune.profile.Profile;
import dev.netune.profile.ValidationException;
import java.util.ArrayList;
import dev.netune.profile.ProfileLoader;
import dev.netune.setting.Kinds;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Offline check of profiles (and optionally an inventory); contacts no host. */
@Command(name = "validate", description = "Check profiles offline; print every problem with file:line:col.")
final class ValidateCommand implements Callable<Integer> {
    @Parameters(paramLabel = "PROFILE", arity = "1..*", description = "Profile files.")
    List<Path> files;

    @Option(names = {"-i", "--inventory"}, paramLabel = "INVENTORY", description = "Also check this inventory.")
    Path inventory;

    @Override
    public Integer call() throws Exception {
        List<Problem> problems = new ArrayList<>();
        if (inventory != null) {
            try {
                new InventoryLoader().load(inventory);
            } catch (ValidationException e) {
                problems.addAll(e.problems());
            }
        }
        List<Profile> profiles = List.of();
        try {
            profiles = new ProfileLoader(Kinds.all()).loadAll(files);
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
