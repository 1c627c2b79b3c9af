package dev.netune.cli;

import dev.netune.report.InputFile;
import dev.netune.report.Inputs;
import java.nio.file.Path;
import java.util.List;

/**
 * Binds {@code apply PLANFILE} to the inputs on its own command line: the plan must have been made
 * for the same kind of target (an inventory, or this machine) from files with the same content.
 *
 * <p>A plan file is data that may come from elsewhere (a CI artifact); it never chooses what is
 * applied or where. Paths are not compared (a checkout may move), digests are, in order.
 */
final class PlanBinding {
    private PlanBinding() {
    }

    /** Checked before anything is loaded: a plan for this machine never reaches an inventory, nor back. */
    static void checkTarget(Path planFile, Inputs planned, Path inventory) {
        if (planned.inventory() == null && inventory != null) {
            throw new UserError(planFile + " was made for this machine (without -i); it cannot be applied to the"
                    + " hosts of " + inventory);
        }
        if (planned.inventory() != null && inventory == null) {
            throw new UserError(planFile + " was made for the hosts of an inventory (" + planned.inventory()
                    + "); give it with -i INVENTORY, and the same -p profiles (netune takes no inputs from a plan"
                    + " file, and without -i it would apply to this machine)");
        }
    }

    /** The files apply reads must be those the plan was made from, byte for byte. */
    static void checkFiles(Path planFile, Inputs planned, List<InputFile> now) {
        String again = "; make the plan again from the inputs you mean to apply";
        if (planned.files().isEmpty()) {
            throw new UserError(planFile + " records no digests of its inventory and profiles (made by an older"
                    + " netune)" + again);
        }
        for (String role : List.of("inventory", "profile")) {
            List<InputFile> was = planned.files().stream().filter(f -> f.role().equals(role)).toList();
            List<InputFile> is = now.stream().filter(f -> f.role().equals(role)).toList();
            for (InputFile f : is) {
                if (was.stream().noneMatch(w -> w.sha256().equals(f.sha256()))) {
                    throw new UserError(role + " " + f.path() + (f.sha256().equals(InputFile.ABSENT) ? " does not exist"
                            : " is not the " + role + " " + planFile + " was made from (its content differs)") + again);
                }
            }
            for (InputFile w : was) {
                if (is.stream().noneMatch(f -> f.sha256().equals(w.sha256()))) {
                    throw new UserError(planFile + " was also made from " + role + " " + w.path()
                            + ", which this apply does not read" + again);
                }
            }
            if (!was.stream().map(InputFile::sha256).toList().equals(is.stream().map(InputFile::sha256).toList())) {
                throw new UserError("the " + role + " files are given in another order than when " + planFile
                        + " was made (later profiles win)" + again);
            }
        }
    }
}
