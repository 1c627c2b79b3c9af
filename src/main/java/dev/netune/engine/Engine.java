package dev.netune.engine;

import dev.netune.fact.FactSource;
import dev.netune.kinds.Planner;
import dev.netune.transport.TransportException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs facts, plan, drift, apply and rollback over a fleet: one connection per host, one
 * execution to read every fact, one to apply and verify (with {@code --yes}, the same one: the
 * gather's shell is held for the apply), hosts in parallel up to {@code forks}.
 * A host's failure is recorded in its outcome and never stops the others.
 *
 * <p>The parts: {@link FleetRunner} (parallelism, deadline, progress), {@link HostSessions}
 * (connect, read, plan), {@link Applier} (rounds, confirmation, restore), {@link ApplyScript}.
 */
public final class Engine {
    /** Plain host work: a target in, its outcome out. */
    private static final FleetRunner.Shape<Target, HostOutcome> OUTCOMES = new FleetRunner.Shape<>(
            t -> t, o -> o, (t, why) -> HostOutcome.failed(t, HostStatus.FAILED, why));
    /** Planning that keeps the connection for a later apply. */
    private static final FleetRunner.Shape<Target, Session> SESSIONS = new FleetRunner.Shape<>(
            t -> t, Session::outcome, (t, why) -> Session.unconnected(HostOutcome.failed(t, HostStatus.FAILED, why)));
    /** Applying over a kept connection. */
    private static final FleetRunner.Shape<Session, HostOutcome> APPLIES = new FleetRunner.Shape<>(
            s -> s.outcome().target(), o -> o, (s, why) -> {
                s.close();
                return s.outcome().with(HostStatus.FAILED, List.of(), why);
            });

    /**
     * The most planned hosts that keep their connection for the apply (more when --forks is
     * higher). A kept connection is a socket and JSch's reader thread: a fleet apply without a
     * bound held one of each for every host with changes (3,058 threads for 3,000 simulated hosts).
     * The hosts planned past it connect again to apply; their before-values are checked under the
     * lock all the same.
     */
    static final int KEPT_SESSIONS = 1000;

    private final FleetRunner runner;
    private final HostSessions sessions;
    private final Applier applier;
    private final int keptSessions;

    public Engine(EngineOptions options, Progress progress) {
        this(options, progress, Connector.DEFAULT);
    }

    Engine(EngineOptions options, Progress progress, Connector connector) {
        this(options, progress, connector, Math.max(options.forks(), KEPT_SESSIONS));
    }

    /** With another bound on the connections kept from plan to apply (tests). */
    Engine(EngineOptions options, Progress progress, Connector connector, int keptSessions) {
        this.keptSessions = keptSessions;
        this.sessions = new HostSessions(options.commandTimeout());
        this.applier = new Applier(options);
        // measured from here: the CLI makes its engine once, before it contacts any host
        this.runner = new FleetRunner(options.forks(), connector, options.ssh(), progress,
                options.deadline().map(d -> Instant.now().plus(d)));
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
        return runner.run(targets, OUTCOMES, (t, conns) -> sessions.read(t, conns, sources));
    }

    /** Plans every host and closes the connections (plan and drift). */
    public List<HostOutcome> plan(List<Target> targets) {
        return runner.run(targets, OUTCOMES, (t, conns) -> {
            try (Session s = sessions.plan(t, conns)) {
                return s.outcome();
            }
        });
    }

    /** Plans every host and keeps the connections open for {@link #apply}. */
    public List<Session> planKeepingSessions(List<Target> targets) {
        return planKeepingSessions(targets, false);
    }

    /**
     * As {@link #planKeepingSessions(List)}; with {@code holdForApply} (nobody will be asked in
     * between) each host's gather shell is also held for its apply script: one execution a host.
     * A shell held past what its host-side watchdog leaves for the apply is not used (see
     * {@link dev.netune.transport.HeldRun#then}).
     */
    public List<Session> planKeepingSessions(List<Target> targets, boolean holdForApply) {
        AtomicInteger left = new AtomicInteger(keptSessions);
        return runner.run(targets, SESSIONS, (t, conns) ->
                keptWithin(holdForApply ? sessions.planHolding(t, conns) : sessions.plan(t, conns), left));
    }

    /** {@code s}, or, once {@code left} is spent, its plan without its connection (closed now). */
    private static Session keptWithin(Session s, AtomicInteger left) {
        return !s.connected() || left.getAndDecrement() > 0 ? s : s.released();
    }

    /** Applies each session's plan, then closes it. */
    public List<HostOutcome> apply(List<Session> planned) {
        return apply(planned, Rollout.ALL_AT_ONCE);
    }

    /**
     * Applies in batches: the hosts with changes, {@link Rollout#batchSize} at a time; when a
     * batch fails more than the rollout allows, the hosts not reached are closed and reported as
     * skipped. Results keep the sessions' order.
     */
    public List<HostOutcome> apply(List<Session> planned, Rollout rollout) {
        HostOutcome[] results = new HostOutcome[planned.size()];
        List<Integer> changing = new ArrayList<>();
        for (int i = 0; i < planned.size(); i++) {
            if (planned.get(i).outcome().status() == HostStatus.CHANGES) {
                changing.add(i);
            } else {
                planned.get(i).close();
                results[i] = planned.get(i).outcome();
            }
        }
        int size = rollout.batchSize(changing.size());
        String stoppedBy = null;
        for (int from = 0; from < changing.size(); from += size) {
            List<Integer> batch = changing.subList(from, Math.min(from + size, changing.size()));
            if (stoppedBy != null) {
                for (int i : batch) {
                    planned.get(i).close();
                    results[i] = planned.get(i).outcome().with(HostStatus.SKIPPED, List.of(), stoppedBy);
                }
                continue;
            }
            List<HostOutcome> done = runner.run(batch.stream().map(planned::get).toList(), APPLIES, (s, conns) -> {
                // a host planned past the bound on kept connections connects again
                try (Session live = s.connected() ? s : s.reconnected(conns.open(s.outcome().target()))) {
                    if (live == s) {
                        conns.adopt(s.transport); // kept from the plan: this work closes it now
                    }
                    return applier.apply(live, conns);
                } catch (TransportException e) {
                    return s.outcome().with(HostStatus.FAILED, List.of(), e.getMessage());
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
        AtomicInteger left = new AtomicInteger(keptSessions);
        return runner.run(targets, SESSIONS, (t, conns) -> keptWithin(sessions.revert(t, conns, snapshotId), left));
    }

    /** Replaces a session's outcome, e.g. to mark it stale or skipped before {@link #apply}. */
    public static void override(Session s, HostStatus status, String message) {
        s.override(status, message);
    }
}
