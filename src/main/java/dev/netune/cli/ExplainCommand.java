package dev.netune.cli;

import dev.netune.profile.Profile;
import dev.netune.profile.ProfileComments;
import dev.netune.report.SafeText;
import dev.netune.profile.ProfileLoader;
import dev.netune.profile.Variables;
import dev.netune.kinds.Kinds;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * Prints each setting of a profile (and of the profiles it extends) with the reason given by the
 * comment lines directly above its key in the YAML source; contacts no host.
 */
@Command(name = "explain", mixinStandardHelpOptions = true, description = "Print each setting of a profile with the why and cost its comments give.")
final class ExplainCommand implements Callable<Integer> {
    static final String NO_EXPLANATION = "(no explanation in the profile)";

    @Parameters(paramLabel = "PROFILE", arity = "1..*", description = "Profile files.")
    List<Path> files;

    @picocli.CommandLine.Option(names = {"-i", "--inventory"}, paramLabel = "INVENTORY",
            description = "For profiles with variables ($${vars.NAME}): check them with this inventory's hosts.")
    Path inventory;

    @Override
    public Integer call() throws Exception {
        Variables vars = Variables.NONE;
        if (inventory != null && !Variables.namesUsed(files).isEmpty()) {
            List<dev.netune.inventory.Host> hosts = new dev.netune.inventory.InventoryLoader().load(inventory).hosts();
            List<Path> absolute = files.stream().map(p -> p.toAbsolutePath().normalize()).toList();
            TargetOptions.desiredStates(hosts, h -> absolute); // every host's values must validate
            if (!hosts.isEmpty()) {
                vars = new Variables(hosts.get(0).vars(), "host " + hosts.get(0).name());
            }
        }
        // values are printed as written (with their ${vars.NAME}), whatever the hosts fill in
        ProfileLoader loader = new ProfileLoader(Kinds.all(), vars);
        List<Profile> profiles = loader.loadAll(files);
        StringBuilder out = new StringBuilder();
        for (Profile p : profiles) {
            if (out.length() > 0) {
                out.append('\n');
            }
            explain(loader, p, out);
        }
        System.out.print(SafeText.of(out.toString())); // profiles may come from an inventory: no raw escapes
        return ExitCodes.OK;
    }

    private static void explain(ProfileLoader loader, Profile profile, StringBuilder out) throws Exception {
        out.append(profile.name()).append(" (").append(profile.file()).append(')');
        if (!profile.description().isEmpty()) {
            out.append(": ").append(profile.description());
        }
        out.append('\n');
        Set<Path> chain = new LinkedHashSet<>();
        addChain(loader, profile, chain);
        List<List<ProfileComments.Setting>> byFile = new ArrayList<>();
        for (Path f : chain) {
            byFile.add(ProfileComments.settings(f));
        }
        int i = 0;
        for (Path f : chain) {
            List<ProfileComments.Setting> mine = byFile.get(i);
            out.append('\n').append("# from ").append(f.getFileName()).append('\n');
            if (mine.isEmpty()) {
                out.append("(no settings)\n");
            }
            for (ProfileComments.Setting s : mine) {
                out.append(s.name()).append(" = ").append(s.value());
                overriddenBy(s, chain, byFile, i).ifPresent(by -> out.append("  (overridden by ").append(by).append(')'));
                out.append('\n');
                kindNote(s).ifPresent(line -> out.append("    ").append(line).append('\n'));
                if (s.comment().isEmpty()) {
                    out.append("    ").append(NO_EXPLANATION).append('\n');
                }
                for (String line : reasons(s.comment())) {
                    out.append("    ").append(line).append('\n');
                }
            }
            i++;
        }
    }

    /** What a kind adds under a setting (the sysctl kind: the kernel's default), if any. */
    static java.util.Optional<String> kindNote(ProfileComments.Setting s) {
        List<? extends dev.netune.profile.KindSchema<?>> kinds = Kinds.all();
        return kinds.stream().map(k -> k.explain(s.name(), s.value())).flatMap(java.util.Optional::stream).findFirst();
    }

    /** The files a profile extends, depth first and each once, then the profile's own file. */
    private static void addChain(ProfileLoader loader, Profile p, Set<Path> chain) throws Exception {
        for (Path parent : p.extendsFiles()) {
            if (!chain.contains(parent)) {
                addChain(loader, loader.loadAll(List.of(parent)).get(0), chain);
            }
        }
        chain.add(p.file());
    }

    private static java.util.Optional<String> overriddenBy(ProfileComments.Setting s, Set<Path> chain, List<List<ProfileComments.Setting>> byFile, int from) {
        List<Path> files = new ArrayList<>(chain);
        String by = null;
        for (int j = from + 1; j < files.size(); j++) {
            if (byFile.get(j).stream().anyMatch(o -> o.name().equals(s.name()))) {
                by = files.get(j).getFileName().toString();
            }
        }
        return java.util.Optional.ofNullable(by);
    }

    private static final Pattern LABEL = Pattern.compile("(?i)(why|cost)\\s*:\\s*(.*)");

    /** "Why: ..." and "Cost: ..." parts, continuation lines joined; unlabelled text as it is. */
    static List<String> reasons(List<String> comment) {
        List<String> out = new ArrayList<>();
        for (String line : comment) {
            if (line.isEmpty()) {
                continue;
            }
            Matcher m = LABEL.matcher(line);
            if (m.matches()) {
                out.add(m.group(1).toLowerCase(Locale.ROOT) + ": " + m.group(2).strip());
            } else if (!out.isEmpty()) {
                out.set(out.size() - 1, out.get(out.size() - 1) + " " + line);
            } else {
                out.add(line);
            }
        }
        return out;
    }
}
