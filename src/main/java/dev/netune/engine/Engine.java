package dev.netune.engine;

import dev.netune.fact.FactSource;
import dev.netune.fact.Gather;
import dev.netune.fact.GatherOutput;
import dev.netune.fact.HostFacts;
import dev.netune.fact.Section;
import dev.netune.fact.SessionRoute;
import dev.netune.plan.Change;
import dev.netune.plan.HostPlan;
import dev.netune.profile.DesiredState;
import dev.netune.setting.ChangeResult;
import dev.netune.kinds.Kinds;
import dev.netune.kinds.Planner;
import dev.netune.setting.SettingKind;
import dev.netune.transport.ExecResult;
import dev.netune.transport.Transport;
import dev.netune.transport.TransportException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Runs facts, plan, drift and apply over a fleet: one connection per host, one execution to
 * read every fact, one to apply and verify, hosts in parallel up to {@code forks}. A host's
 * failure is recorded in its outcome and never stops the others.
 */
public final class Engine {
    /** Who applies, recorded in snapshots and the host lock. */
    private static final String CONTROLLER = Snapshot.controller();
    /** Every script starts from known settings; a restart is allowed only by the line the apply adds. */
    private static final String SCRIPT_PRELUDE = "export LC_ALL=C\nPATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH\numask 022\n"
            + "unset NETUNE_ALLOW_SERVICE_RESTART\n";

    /** Plain host work: a target in, its outcome out. */
    private static final FleetRunner.Shape<Target, HostOutcome> OUTCOMES = new FleetRunner.Shape<>(
            t -> t, o -> o, (t, why) -> HostOutcome.failed(t, HostStatus.FAILED, why));
    /** Planning that keeps the connection for a later apply. */
    private static final FleetRunner.Shape<Target, Session> SESSIONS = new FleetRunner.Shape<>(
            t -> t, Session::outcome, (t, why) -> new Session(null, HostOutcome.failed(t, HostStatus.FAILED, why)));
    /** Applying over a kept connection. */
    private static final FleetRunner.Shape<Session, HostOutcome> APPLIES = new FleetRunner.Shape<>(
            s -> s.outcome.target(), o -> o, (s, why) -> {
                s.close();
                return s.outcome.with(HostStatus.FAILED, List.of(), why);
            });

    private final EngineOptions options;
    private final ConfirmedApply confirmation;
    private final FleetRunner runner;

    public Engine(EngineOptions options, Progress progress) {
        this(options, progress, Connector.DEFAULT);
    }

    Engine(EngineOptions options, Progress progress, Connector connector) {
        this.options = options;
        this.confirmation = new ConfirmedApply(options, this::confirmationFacts);
        // measured from here: the CLI makes its engine once, before it contacts any host
        this.runner = new FleetRunner(options.forks(), connector, options.ssh(), progress,
                options.deadline().map(d -> Instant.now().plus(d)));
    }

    /** An open connection to a planned host, kept between plan and apply. */
    public static final class Session implements AutoCloseable {
        private final Transport transport;
        private HostOutcome outcome;
        /** The snapshot a rollback returns to; empty for a plan's apply. */
        private final Optional<String> revertTo;

        Session(Transport transport, HostOutcome outcome) {
            this(transport, outcome, Optional.empty());
        }

        Session(Transport transport, HostOutcome outcome, Optional<String> revertTo) {
            this.transport = transport;
            this.outcome = outcome;
            this.revertTo = revertTo;
        }

        public HostOutcome outcome() {
            return outcome;
        }

        @Override
        public void close() {
            if (transport != null) {
                transport.close();
            }
        }
    }

    /** Reads facts only (the {@code facts} command): every kind's default facts. */
    public List<HostOutcome> facts(List<Target> targets) {
        return read(targets, Planner.defaultFacts());
    }

    /**
     * Reads only the given fact sources (for read-only commands such as {@code diagnose}): one
     * connection and one execution per host, with the same parallelism and failure isolation as
     * {@link #facts}. A host that was read has status OK and its facts; the plan is empty.
     */
    public List<HostOutcome> read(List<Target> targets, List<FactSource<?>> sources) {
        return runner.run(targets, OUTCOMES, (t, conns) -> {
            Transport transport;
            try {
                transport = conns.open(t);
            } catch (TransportException e) {
                return HostOutcome.failed(t, statusOf(e), e.getMessage());
            }
            try {
                Gather gather = new Gather();
                sources.forEach(s -> addSource(gather, s));
                return new HostOutcome(t, HostStatus.OK, run(transport, gather), new HostPlan.Builder().build(),
                        List.of(), "");
            } catch (Gather.IncompleteFactsException e) {
                return HostOutcome.failed(t, HostStatus.FAILED, e.getMessage());
            } catch (TransportException e) {
                return HostOutcome.failed(t, statusOf(e), e.getMessage());
            } finally {
                transport.close();
            }
        });
    }

    /** Plans every host and closes the connections (plan and drift). */
    public List<HostOutcome> plan(List<Target> targets) {
        return runner.run(targets, OUTCOMES, (t, conns) -> {
            try (Session s = read(t, conns)) {
                return s.outcome;
            }
        });
    }

    /**
     * Plans and applies each host in one worker, without asking (apply --yes): resources stay
     * bounded by {@code --forks} (an open JSch session holds a socket and a thread), where keeping
     * every session open until a confirmation would hold one per host. {@code veto} may refuse a
     * planned host (a saved plan that went stale); it is then not changed.
     */
    public List<HostOutcome> planAndApply(List<Target> targets, Function<HostOutcome, Optional<String>> veto) {
        return runner.run(targets, OUTCOMES, (t, conns) -> {
            try (Session s = read(t, conns)) {
                if (s.outcome.plan() != null) {
                    veto.apply(s.outcome).ifPresent(why -> override(s, HostStatus.STALE, why));
                }
                return applyOne(s, conns);
            }
        });
    }

    /** Plans every host and keeps the connections open for {@link #apply}. */
    public List<Session> planKeepingSessions(List<Target> targets) {
        return runner.run(targets, SESSIONS, this::read);
    }

    /** Applies each session's plan (or {@code replacement} plans, for saved plans), then closes it. */
    public List<HostOutcome> apply(List<Session> sessions) {
        return apply(sessions, Rollout.ALL_AT_ONCE);
    }

    /**
     * Applies in batches: the hosts with changes, {@link Rollout#batchSize} at a time; when a
     * batch fails more than the rollout allows, the hosts not reached are closed and reported as
     * skipped. Results keep the sessions' order.
     */
    public List<HostOutcome> apply(List<Session> sessions, Rollout rollout) {
        HostOutcome[] results = new HostOutcome[sessions.size()];
        List<Integer> changing = new ArrayList<>();
        for (int i = 0; i < sessions.size(); i++) {
            if (sessions.get(i).outcome.status() == HostStatus.CHANGES) {
                changing.add(i);
            } else {
                sessions.get(i).close();
                results[i] = sessions.get(i).outcome;
            }
        }
        int size = rollout.batchSize(changing.size());
        String stoppedBy = null;
        for (int from = 0; from < changing.size(); from += size) {
            List<Integer> batch = changing.subList(from, Math.min(from + size, changing.size()));
            if (stoppedBy != null) {
                for (int i : batch) {
                    sessions.get(i).close();
                    results[i] = sessions.get(i).outcome.with(HostStatus.SKIPPED, List.of(), stoppedBy);
                }
                continue;
            }
            List<HostOutcome> done = runner.run(batch.stream().map(sessions::get).toList(), APPLIES, (s, conns) -> {
                try (s) {
                    conns.adopt(s.transport);
                    return applyOne(s, conns);
                } catch (TransportException e) {
                    return s.outcome.with(HostStatus.FAILED, List.of(), e.getMessage());
                }
            });
            int failed = 0;
            for (int k = 0; k < batch.size(); k++) {
                results[batch.get(k)] = done.get(k);
                failed += done.get(k).status().isError() ? 1 : 0;
            }
            if (rollout.stops(failed, batch.size())) {
                stoppedBy = "not reached: a batch had " + failed + " of " + batch.size()
                        + " host(s) fail, over --max-fail-percent " + rollout.maxFailPercent();
            }
        }
        return List.of(results);
    }

    /** The snapshots of each host, newest first (the {@code history} command). */
    public List<HostOutcome> history(List<Target> targets) {
        return read(targets, List.of(SnapshotFacts.SOURCE));
    }

    /**
     * Plans the return of each host to a snapshot (the newest, or {@code snapshotId}) and keeps
     * the connections open for {@link #apply}: every change the snapshot recorded is undone,
     * newest change first within each kind's apply order, by the kind that made it.
     */
    public List<Session> revertKeepingSessions(List<Target> targets, Optional<String> snapshotId) {
        return runner.run(targets, SESSIONS, (t, conns) -> {
            Transport transport;
            try {
                transport = conns.open(t);
            } catch (TransportException e) {
                return new Session(null, HostOutcome.failed(t, statusOf(e), e.getMessage()));
            }
            try {
                HostFacts facts = run(transport, new Gather().add(SnapshotFacts.SOURCE).add(SessionRoute.SOURCE));
                SnapshotFacts snapshots = facts.get(SnapshotFacts.SOURCE);
                Optional<Snapshot> chosen = snapshots.snapshots().stream()
                        .filter(s -> snapshotId.map(id -> id.equals(s.id())).orElse(true)).findFirst();
                if (snapshots.error().isPresent() || chosen.isEmpty()) {
                    transport.close();
                    return new Session(null, HostOutcome.failed(t, HostStatus.FAILED, snapshots.error()
                            .orElse(snapshotId.map(id -> "no snapshot " + id).orElse("no snapshot to roll back to"))));
                }
                HostPlan p = Revert.withSessionRisks(Revert.plan(chosen.get().changes()), facts.get(SessionRoute.SOURCE));
                return new Session(transport, new HostOutcome(t, p.hasChanges() ? HostStatus.CHANGES : HostStatus.OK,
                        facts, p, List.of(), "back to snapshot " + chosen.get().id()), Optional.of(chosen.get().id()));
            } catch (TransportException | Gather.IncompleteFactsException e) {
                transport.close();
                return new Session(null, HostOutcome.failed(t, HostStatus.FAILED, e.getMessage()));
            }
        });
    }

    /** Replaces a session's outcome, e.g. to mark it stale or skipped before {@link #apply}. */
    public static void override(Session s, HostStatus status, String message) {
        s.outcome = s.outcome.with(status, List.of(), message);
    }

    /** Connects, reads the facts the target's desired state needs, and plans it. */
    private Session read(Target target, HostConnections conns) {
        Transport transport;
        try {
            transport = conns.open(target);
        } catch (TransportException e) {
            return new Session(null, HostOutcome.failed(target, statusOf(e), e.getMessage()));
        }
        try {
            HostFacts facts;
            try {
                facts = gather(transport, target.desired(), options.commandTimeout());
            } catch (Gather.IncompleteFactsException e) {
                transport.close();
                return new Session(null, HostOutcome.failed(target, HostStatus.FAILED, e.getMessage()));
            }
            HostPlan plan = Planner.plan(target.desired(), facts);
            HostStatus status = plan.hasErrors() ? HostStatus.FAILED
                    : plan.hasChanges() ? HostStatus.CHANGES : HostStatus.OK;
            String message = plan.hasErrors() ? plan.errors().size() + " plan error(s)" : "";
            return new Session(transport, new HostOutcome(target, status, facts, plan, List.of(), message));
        } catch (TransportException e) {
            transport.close();
            return new Session(null, HostOutcome.failed(target, statusOf(e), e.getMessage()));
        }
    }

    /** Reads every fact the desired state needs in one execution. */
    private HostFacts gather(Transport transport, DesiredState desired, Duration timeout)
            throws TransportException, Gather.IncompleteFactsException {
        Gather gather = new Gather();
        Planner.facts(desired).forEach(s -> addSource(gather, s));
        return run(transport, gather, timeout);
    }

    /**
     * What a confirmation reads over its new connection: the profile's facts, or for a rollback
     * (no profile) every kind's default facts, so the reply is large enough to prove the session
     * carries large packets (a wrong MTU lets a handshake through).
     */
    private HostFacts confirmationFacts(Transport transport, DesiredState desired, Duration timeout)
            throws TransportException, Gather.IncompleteFactsException {
        if (!desired.isEmpty()) {
            return gather(transport, desired, timeout);
        }
        Gather all = new Gather();
        Planner.defaultFacts().forEach(s -> addSource(all, s));
        return run(transport, all, timeout);
    }

    /** Runs a gather script and parses it; a script cut short is an error naming its exit and stderr. */
    private HostFacts run(Transport transport, Gather gather) throws TransportException, Gather.IncompleteFactsException {
        return run(transport, gather, options.commandTimeout());
    }

    private HostFacts run(Transport transport, Gather gather, Duration timeout)
            throws TransportException, Gather.IncompleteFactsException {
        ExecResult r = transport.run(gather.script(), timeout);
        try {
            return gather.parse(r.stdout());
        } catch (Gather.IncompleteFactsException e) {
            throw new Gather.IncompleteFactsException("reading facts failed (exit " + r.exitCode() + "): "
                    + firstLine(r.stderr()));
        }
    }


    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void addSource(Gather gather, FactSource source) {
        gather.add(source);
    }

    private HostOutcome applyOne(Session s, HostConnections conns) {
        HostOutcome o = s.outcome;
        if (o.status() != HostStatus.CHANGES) {
            return o;
        }
        if (!s.transport.privileged()) {
            return o.with(HostStatus.FAILED, List.of(), "apply needs root on " + o.target().describe()
                    + ": connect as root or set become: true (passwordless sudo)");
        }
        List<ChangeResult> results = new ArrayList<>();
        HostPlan plan = o.plan();
        String confirmed = "";
        // Round 2 exists for deferred settings only (IRQ affinity after a channel change): re-read,
        // re-plan and apply what is left, over the same connection.
        for (int round = 1; round <= 2; round++) {
            Snapshot snapshot = Snapshot.of(plan.changes(), CONTROLLER);
            boolean confirm = options.apply().confirmAlways() || !plan.connectionRisks().isEmpty();
            Instant armedAt = Instant.now();
            try {
                results.addAll(applyPlan(s, plan, snapshot, confirm));
            } catch (ApplyRefused e) {
                return o.with(e.status, results, e.getMessage());
            } catch (TransportException e) {
                if (confirm) {
                    // the host's state is not known: put it back rather than leave it half-changed
                    return confirmation.restore(o, conns, snapshot, plan, results, armedAt, "apply interrupted: " + e.getMessage());
                }
                return o.with(statusOf(e) == HostStatus.UNREACHABLE ? HostStatus.UNREACHABLE : HostStatus.FAILED,
                        results, "apply interrupted: " + e.getMessage());
            } catch (RuntimeException e) {
                if (confirm) {
                    // armed, and what happened is not known: the host goes back now, not at its timer
                    return confirmation.restore(o, conns, snapshot, plan, results, armedAt,
                            FleetRunner.internalError(o.target(), e));
                }
                throw e;
            }
            if (confirm) {
                Optional<String> notConfirmed = confirmation.confirm(o.target(), conns, snapshot, armedAt);
                if (notConfirmed.isPresent()) {
                    return confirmation.restore(o, conns, snapshot, plan, results, armedAt, notConfirmed.get());
                }
                confirmed = "; confirmed over a new connection (automatic restore disarmed)";
            }
            if (results.stream().anyMatch(x -> !x.ok()) || plan.deferred().isEmpty()) {
                break;
            }
            try {
                plan = Planner.plan(o.target().desired(), gather(s.transport, o.target().desired(), options.commandTimeout()));
            } catch (TransportException | Gather.IncompleteFactsException e) {
                return o.with(HostStatus.FAILED, results, "re-reading after the first round failed: " + e.getMessage());
            }
            if (plan.hasErrors()) {
                return o.with(HostStatus.FAILED, results, "after the first round: " + plan.errors().get(0).message());
            }
            if (!plan.hasChanges()) {
                break;
            }
        }
        long failed = results.stream().filter(x -> !x.ok()).count();
        if (failed > 0) {
            return o.with(HostStatus.FAILED, results, failed + " of " + results.size() + " change(s) failed" + confirmed);
        }
        return o.with(HostStatus.CHANGED, results, results.size() + " change(s) applied and verified" + confirmed);
    }

    /** The kinds' fragments for the changes, in registry order: the body of an apply or a restore. */
    private static String changeScript(List<Change> changes) {
        return Kinds.fragments(changes, SettingKind::applyScript);
    }

    /** The whole apply script: prelude, lock, before-check and snapshot, the armed restore when {@code confirm}, the changes. */
    static String applyScript(List<Change> changes, Snapshot snapshot, ApplyPolicy policy, boolean confirm) {
        StringBuilder script = new StringBuilder(SCRIPT_PRELUDE);
        if (policy.allowServiceRestart()) {
            script.append(ApplyPolicy.ALLOW_RESTART_LINE);
        }
        script.append(HostGuard.lockScript(snapshot));
        script.append(BeforeCheck.script(changes));
        script.append(HostGuard.snapshotScript(snapshot));
        if (confirm) {
            String restore = AutoRestore.restoreScript(snapshot, changeScript(Revert.plan(changes).changes()));
            script.append(AutoRestore.armScript(snapshot, restore, policy.confirmTimeout()));
        }
        script.append(changeScript(changes));
        script.append(GatherOutput.markerCommand("end")).append('\n');
        return script.toString();
    }

    /**
     * One apply execution: the lock and the snapshot, the armed restore when {@code confirm},
     * every kind's fragment for its changes, then every kind's verification.
     */
    private List<ChangeResult> applyPlan(Session s, HostPlan plan, Snapshot snapshot, boolean confirm)
            throws TransportException, ApplyRefused {
        List<Change> changes = plan.changes();
        String host = s.outcome.target().name();
        ExecResult r = s.transport.run(applyScript(changes, snapshot, options.apply(), confirm), options.commandTimeout());
        List<Section> sections = GatherOutput.split(r.stdout());
        Optional<String> stale = BeforeCheck.refusal(sections, host, changes, s.revertTo);
        if (stale.isPresent()) {
            throw new ApplyRefused(HostStatus.STALE, stale.get());
        }
        Optional<String> refused = HostGuard.refusal(sections, host).or(() -> AutoRestore.armFailure(sections));
        if (refused.isPresent()) {
            throw new ApplyRefused(HostStatus.FAILED, refused.get());
        }
        List<ChangeResult> results = new ArrayList<>();
        for (SettingKind<?> kind : Kinds.all()) {
            List<Change> mine = changes.stream().filter(kind::owns).toList();
            if (!mine.isEmpty()) {
                results.addAll(kind.verify(mine, sections));
            }
        }
        return results;
    }

    private static HostStatus statusOf(TransportException e) {
        return switch (e.kind()) {
            case UNREACHABLE, AUTH, HOST_KEY -> HostStatus.UNREACHABLE;
            case TIMEOUT, IO -> HostStatus.FAILED;
        };
    }

    static String firstLine(String s) {
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }

    /** The host refused the apply before changing anything (locked, no flock, changed since planned, snapshot not saved). */
    static final class ApplyRefused extends Exception {
        private final HostStatus status;

        ApplyRefused(HostStatus status, String message) {
            super(message);
            this.status = status;
        }
    }
}
