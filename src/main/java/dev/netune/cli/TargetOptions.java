package dev.netune.cli;

import dev.netune.engine.EngineOptions;
import dev.netune.engine.Progress;
import dev.netune.engine.Target;
import dev.netune.inventory.Host;
import dev.netune.inventory.HostPattern;
import dev.netune.inventory.Inventory;
import dev.netune.inventory.InventoryLoader;
import dev.netune.profile.DesiredState;
import dev.netune.profile.Problem;
import dev.netune.profile.Profile;
import dev.netune.profile.ProfileLoader;
import dev.netune.profile.ValidationException;
import dev.netune.profile.Variables;
import dev.netune.report.InputFile;
import dev.netune.report.Inputs;
import dev.netune.report.SafeText;
import dev.netune.kinds.Kinds;
import dev.netune.transport.SshOptions;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import picocli.CommandLine.Option;

/** Options shared by the commands that work on hosts: what to target, with which profiles, how. */
final class TargetOptions {
    /** The first inventory source (null: the local machine); {@link #moreInventories} the rest. */
    Path inventory;
    List<Path> moreInventories = List.of();

    @Option(names = {"-i", "--inventory"}, paramLabel = "INVENTORY",
            description = "Inventory: a netune or Ansible inventory file, an Ansible inventory directory or script;"
                    + " repeatable for Ansible sources (merged as ansible-inventory does). Without it the target is"
                    + " the local machine.")
    void inventories(List<Path> all) {
        inventory = all.isEmpty() ? null : all.get(0);
        moreInventories = all.size() > 1 ? List.copyOf(all.subList(1, all.size())) : List.of();
    }

    /** Every inventory source given. */
    List<Path> inventorySources() {
        List<Path> all = new ArrayList<>();
        all.add(inventory);
        all.addAll(moreInventories);
        return all;
    }

    @Option(names = {"-p", "--profile"}, paramLabel = "PROFILE",
            description = "Profile applied to every targeted host (repeatable; later wins). "
                    + "Without it each host gets the profiles its inventory entry names.")
    List<Path> profiles = new ArrayList<>();

    @Option(names = {"-l", "--limit"}, paramLabel = "PATTERN",
            description = "Only hosts matching: names, groups, globs; ',' or ':' separated; !exclude, &intersect.")
    String limit;

    @Option(names = "--shard", paramLabel = "I/N",
            description = "Only the hosts of shard I of N (stable by host name), for running shards in parallel;"
                    + " merge their JSON reports with `netune report merge`.")
    String shard;

    @Option(names = "--forks", defaultValue = "50", description = "Hosts worked on in parallel (default: ${DEFAULT-VALUE}).")
    int forks;

    @Option(names = "--connect-timeout", defaultValue = "10", paramLabel = "SECONDS",
            description = "SSH connect timeout (default: ${DEFAULT-VALUE}).")
    int connectTimeout;

    @Option(names = "--timeout", defaultValue = "120", paramLabel = "SECONDS",
            description = "Timeout of each remote script (default: ${DEFAULT-VALUE}).")
    int commandTimeout;

    @Option(names = "--deadline", paramLabel = "DURATION",
            description = "Deadline of the whole run, e.g. 90s, 30m or 2h: hosts not done by then are reported as"
                    + " failed (run deadline passed) and their connections closed; the report is still printed."
                    + " Default: none.")
    String deadline;

    @Option(names = "--accept-new-host-keys",
            description = "Add unknown host keys to your own known_hosts (~/.ssh/known_hosts or --known-hosts);"
                    + " a known_hosts file the inventory names is only read. Changed keys are always refused.")
    boolean acceptNewHostKeys;

    @Option(names = "--known-hosts", paramLabel = "FILE",
            description = "Your known_hosts file, instead of ~/.ssh/known_hosts: hosts whose inventory entry"
                    + " names none are checked against it, and --accept-new-host-keys adds keys only to it.")
    Path knownHosts;

    EngineOptions engineOptions() {
        checkSelection();
        if (shard != null) {
            Shard.parse(shard); // a bad --shard is refused before any host is contacted
        }
        if (forks < 1) {
            throw new UserError("--forks must be at least 1");
        }
        if (connectTimeout < 1 || commandTimeout < 1) {
            throw new UserError("--connect-timeout and --timeout must be at least 1 second");
        }
        EngineOptions options = new EngineOptions(forks, new SshOptions(Duration.ofSeconds(connectTimeout),
                acceptNewHostKeys, userKnownHosts()), Duration.ofSeconds(commandTimeout));
        return deadline == null ? options : options.withDeadline(duration("--deadline", deadline));
    }

    /** "90s", "30m", "2h", or plain seconds; at least one second. */
    static Duration duration(String option, String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9]{1,9})([smh]?)").matcher(text.strip());
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new UserError(option + " takes a positive duration such as 90s, 30m or 2h; got '" + text + "'");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
        };
    }

    /** The user's own known_hosts: --known-hosts, else ~/.ssh/known_hosts. */
    private Path userKnownHosts() {
        return knownHosts != null ? knownHosts.toAbsolutePath().normalize() : SshOptions.defaultKnownHosts();
    }

    /** Refuses a --limit or --shard that would select something other than what the user meant. */
    private void checkSelection() {
        if (inventory == null && (limit != null || shard != null)) {
            // without an inventory the target is this machine: never let `apply --limit web` change it
            throw new UserError((limit != null ? "--limit" : "--shard") + " needs an inventory (-i INVENTORY);"
                    + " without one netune works on this machine");
        }
        if (limit != null && HostPattern.terms(limit).isEmpty()) {
            // `--limit "$HOSTS"` with HOSTS unset must not mean the whole fleet
            throw new UserError("--limit '" + limit + "' names no host or group; leave it out (or write 'all')"
                    + " to target every host");
        }
    }

    /** Every host of the inventory, as loaded by the last {@link #targets} (for {@link #inputFiles}). */
    private List<Host> inventoryHosts = List.of();

    /** The inventory and profile files this run reads, with their digests; call after {@link #targets}. */
    List<InputFile> inputFiles() {
        return InputFiles.of(inventory == null ? List.of() : inventorySources(), profiles, inventoryHosts);
    }

    Inputs inputs() {
        return new Inputs(inventory == null ? null : inventory.toAbsolutePath().normalize().toString(),
                profiles.stream().map(p -> p.toAbsolutePath().normalize().toString()).toList(), limit);
    }

    /** Targets without desired state, for the facts command. */
    List<Target> targetsWithoutProfiles() throws ValidationException {
        checkSelection();
        if (inventory == null) {
            return List.of(Target.local(DesiredState.EMPTY));
        }
        return selectHosts().stream().map(h -> Target.of(h, DesiredState.EMPTY)).toList();
    }

    /**
     * Loads and validates the inventory and every profile before any host is contacted, and
     * resolves each host's desired state.
     */
    List<Target> targets(PrintStream log) throws ValidationException {
        checkSelection();
        if (inventory == null) {
            ProfileLoader loader = new ProfileLoader(Kinds.all());
            if (profiles.isEmpty()) {
                throw new UserError("no profile given: pass -p PROFILE (or -i INVENTORY whose hosts name profiles)");
            }
            return List.of(Target.local(ProfileLoader.merge(loader.loadAll(profiles))));
        }
        List<Host> hosts = selectHosts();
        List<Target> targets = new ArrayList<>();
        Map<Host, DesiredState> desired = desiredStates(hosts, h -> profiles.isEmpty() ? h.profiles()
                : profiles.stream().map(p -> p.toAbsolutePath().normalize()).toList());
        for (Host h : hosts) {
            if (profiles.isEmpty() && h.profiles().isEmpty()) {
                log.println("netune: warning: " + SafeText.of(h.name()) + " has no profiles; nothing is planned for it");
            }
            targets.add(Target.of(h, desired.get(h)));
        }
        return targets;
    }

    /**
     * Each host's merged desired state. Profiles are loaded once per distinct set of the inventory
     * variables they use ({@code ${vars.NAME}}), so a fleet whose groups share values shares the
     * work; problems of every host are collected and reported together, before any host is contacted.
     */
    static Map<Host, DesiredState> desiredStates(List<Host> hosts, Function<Host, List<Path>> profilesOf)
            throws ValidationException {
        Set<Path> files = new LinkedHashSet<>();
        hosts.forEach(h -> files.addAll(profilesOf.apply(h)));
        Set<String> used = Variables.namesUsed(new ArrayList<>(files));
        Map<Map<String, String>, List<Host>> byVars = new LinkedHashMap<>();
        for (Host h : hosts) {
            byVars.computeIfAbsent(new Variables(h.vars(), "").restrictedTo(used).values(), k -> new ArrayList<>()).add(h);
        }
        Map<Host, DesiredState> out = new HashMap<>();
        Set<Problem> problems = new LinkedHashSet<>();
        for (Map.Entry<Map<String, String>, List<Host>> group : byVars.entrySet()) {
            List<Host> same = group.getValue();
            String owner = "host " + same.get(0).name() + (same.size() > 1 ? " (and " + (same.size() - 1)
                    + " more host(s) with the same variables)" : "");
            ProfileLoader loader = new ProfileLoader(Kinds.all(), new Variables(group.getKey(), owner));
            Set<Path> groupFiles = new LinkedHashSet<>();
            same.forEach(h -> groupFiles.addAll(profilesOf.apply(h)));
            try {
                Map<Path, Profile> byFile = new HashMap<>();
                for (Profile p : loader.loadAll(new ArrayList<>(groupFiles))) {
                    byFile.put(p.file(), p);
                }
                for (Host h : same) {
                    out.put(h, ProfileLoader.merge(profilesOf.apply(h).stream().map(byFile::get).toList()));
                }
            } catch (ValidationException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(new ArrayList<>(problems));
        }
        return out;
    }

    /** The inventory's hosts after --limit and --shard, as loaded with the user's and the system's ssh config. */
    List<Host> hosts() throws ValidationException {
        checkSelection();
        return selectHosts();
    }

    private List<Host> selectHosts() throws ValidationException {
        Inventory inv = new InventoryLoader(Path.of(System.getProperty("user.home"), ".ssh", "config"),
                InventoryLoader.SYSTEM_SSH_CONFIG, userKnownHosts()).load(inventorySources());
        inventoryHosts = inv.hosts();
        for (String w : inv.warnings()) {
            System.err.println("netune: warning: " + SafeText.of(w));
        }
        if (inv.hosts().isEmpty()) {
            throw new UserError(inventory + " lists no host");
        }
        List<Host> selected = HostPattern.select(inv.hosts(), limit);
        if (selected.isEmpty()) {
            throw new UserError("no host of " + inventory + " matches --limit '" + limit + "'");
        }
        for (String term : HostPattern.unmatchedTerms(inv.hosts(), limit)) {
            // as Ansible does: a misspelt name is said, not silently dropped
            System.err.println(SafeText.of("netune: warning: --limit term '" + term + "' matches no host or group of "
                    + inventory + "; ignored"));
        }
        // after --limit: a shard of no hosts is a normal outcome of a small fleet, not an error
        return shard == null ? selected : Shard.parse(shard).select(selected);
    }

    /** Progress on stderr, only when stderr is a terminal (CI logs and 2>file stay clean). */
    static Progress progress() {
        if (!stderrIsTerminal()) {
            return Progress.NONE;
        }
        return (outcome, done, total, failures) -> {
            System.err.print("\r" + done + "/" + total + " host(s) done, " + failures + " failed ");
            if (done == total) {
                System.err.print("\r\u001b[K");
            }
            System.err.flush();
        };
    }

    /**
     * Java 17 can only tell whether stdin and stdout are terminals (System.console()); on Linux
     * stderr's own file descriptor says where it goes.
     */
    private static boolean stderrIsTerminal() {
        try {
            String target = java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (java.io.IOException | UnsupportedOperationException e) {
            return System.console() != null;
        }
    }

    static boolean colour() {
        return Colour.enabled();
    }
}
