package dev.netune.cli;

import dev.netune.engine.Session;
import dev.netune.engine.Engine;
import dev.netune.engine.HostOutcome;
import dev.netune.engine.HostStatus;
import dev.netune.engine.Rollout;
import dev.netune.engine.Target;
import dev.netune.plan.Change;
import dev.netune.report.SavedPlan;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Applies a fresh plan, or a saved one after checking that it was made from the inputs given here
 * ({@link PlanBinding}) and that each host still has the values it was planned from. Asks before
 * changing anything unless {@code --yes}.
 */
@Command(name = "apply", mixinStandardHelpOptions = true, description = "Apply the plan (fresh, or PLANFILE from `plan --out`) to each host.")
final class ApplyCommand implements Callable<Integer> {
    @Mixin
    TargetOptions target;

    @Mixin
    ApplyOptions applyOptions;

    @Parameters(index = "0", arity = "0..1", paramLabel = "PLANFILE", description = "A plan saved by `plan --out`; give the same -i and -p it was made with.")
    Path planFile;

    @Option(names = {"-y", "--yes"}, description = "Apply without asking.")
    boolean yes;

    @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--serial", paramLabel = "N|N%",
            description = "Apply in batches of N hosts (or N%% of the hosts with changes), one batch after the other.")
    String serial;

    @Option(names = "--max-fail-percent", defaultValue = "0", paramLabel = "P",
            description = "With --serial: stop when more than P%% of a batch fails (default: ${DEFAULT-VALUE}); the rest is skipped.")
    int maxFailPercent;

    @Override
    public Integer call() throws Exception {
        Rollout rollout = rollout(); // checked before any host is contacted
        Optional<SavedPlan> saved = Optional.empty();
        if (planFile != null) {
            saved = Optional.of(SavedPlan.read(planFile));
            PlanBinding.checkTarget(planFile, saved.get().inputs(), target.inventory);
            if (target.limit == null) {
                target.limit = saved.get().inputs().limit(); // only narrows the user's own inventory
            }
        }
        if (target.inventory == null && !isRoot()) {
            throw new UserError("apply changes the kernel and needs root: run it as root (e.g. with sudo)");
        }
        Confirmed.requireConfirmable(yes, "apply");
        List<Target> targets = target.targets(System.err);
        if (saved.isPresent()) {
            PlanBinding.checkFiles(planFile, saved.get().inputs(), target.inputFiles());
            Map<String, List<Change>> planned = saved.get().changesByHost();
            targets = targets.stream().filter(t -> !planned.getOrDefault(t.name(), List.of()).isEmpty()).toList();
            if (targets.isEmpty()) {
                System.out.println("The saved plan has no changes; nothing to apply.");
                return ExitCodes.OK;
            }
        }
        // on a terminal a passphrase-protected key may be unlocked once per key file; unattended runs
        // (no console) keep needing ssh-agent
        java.io.Console console = System.console();
        dev.netune.transport.Passphrases.install(console == null ? null
                : key -> console.readPassword("Enter passphrase for key '%s': ", key));
        Engine engine = new Engine(applyOptions.applyTo(target.engineOptions()), TargetOptions.progress());
        // with --yes nobody is asked between plan and apply: each host's gather shell waits for its apply
        List<Session> sessions = engine.planKeepingSessions(targets, yes);
        saved.ifPresent(s -> markStale(sessions, s));
        return Confirmed.apply(engine, sessions, yes, format, "apply", target.inputs(), rollout);
    }

    private Rollout rollout() {
        if (serial != null && !serial.strip().matches("[1-9][0-9]*%?") || (serial != null && serial.strip().endsWith("%")
                && Integer.parseInt(serial.strip().replace("%", "")) > 100)) {
            throw new UserError("--serial takes a number of hosts or a percentage (1%..100%), e.g. 5 or 10%; got '"
                    + serial + "'");
        }
        if (maxFailPercent < 0 || maxFailPercent > 100) {
            throw new UserError("--max-fail-percent takes 0..100; got " + maxFailPercent);
        }
        return Rollout.parse(serial, maxFailPercent);
    }

    /**
     * A host whose fresh plan is not exactly the saved one has changed since it was planned:
     * refuse it, naming the first difference.
     */
    private static void markStale(List<Session> sessions, SavedPlan saved) {
        for (Session s : sessions) {
            HostOutcome o = s.outcome();
            if (o.plan() == null) {
                continue; // unreachable or failed: already reported as such
            }
            List<Change> was = saved.changesByHost().get(o.target().name());
            List<Change> now = o.plan().changes();
            staleness(was, now).ifPresent(why -> Engine.override(s, HostStatus.STALE,
                    "saved plan is stale: " + why + "; nothing applied, make a new plan"));
        }
    }

    static Optional<String> staleness(List<Change> was, List<Change> now) {
        for (Change w : was) {
            Optional<Change> n = now.stream()
                    .filter(c -> c.kind().equals(w.kind()) && c.target().equals(w.target())).findFirst();
            if (n.isEmpty()) {
                return Optional.of(w.kind() + " " + w.target() + " no longer needs a change");
            }
            if (!n.get().sameAs(w)) {
                boolean multiline = w.after().contains("\n") || (w.before() != null && w.before().contains("\n"));
                return Optional.of(multiline ? w.kind() + " " + w.target() + " changed since the plan"
                        : w.kind() + " " + w.target() + " was " + w.before() + " when planned, is now "
                        + n.get().before() + (n.get().after().equals(w.after()) ? "" : " (wanted value changed)"));
            }
        }
        List<Change> extra = new ArrayList<>(now);
        extra.removeIf(c -> was.stream().anyMatch(w -> w.kind().equals(c.kind()) && w.target().equals(c.target())));
        if (!extra.isEmpty()) {
            return Optional.of(extra.get(0).kind() + " " + extra.get(0).target() + " now needs a change the plan lacks");
        }
        return Optional.empty();
    }

    static boolean isRoot() {
        try {
            return Long.parseLong(new com.sun.security.auth.module.UnixSystem().getUid() + "") == 0;
        } catch (Throwable e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }
}
