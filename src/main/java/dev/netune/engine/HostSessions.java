package dev.netune.engine;

import dev.netune.fact.FactSource;
import dev.netune.fact.Gather;
import dev.netune.fact.HostFacts;
import dev.netune.fact.SessionRoute;
import dev.netune.kinds.Planner;
import dev.netune.plan.HostPlan;
import dev.netune.transport.Transport;
import dev.netune.transport.TransportException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One host's work up to a plan: connect, read the facts, plan (or choose a snapshot to return
 * to). Every path goes through {@link #connected}: a host that fails at any step ends with its
 * connection closed and an outcome that says why; only a planned host keeps its connection.
 */
final class HostSessions {
    private final Duration timeout;

    HostSessions(Duration commandTimeout) {
        this.timeout = commandTimeout;
    }

    /** Work on an open connection; it keeps the connection only by returning a session that holds it. */
    interface OnConnection {
        Session run(Transport transport) throws TransportException, Gather.IncompleteFactsException;
    }

    /** The one connect/close path of the engine. */
    static Session connected(Target target, HostConnections conns, OnConnection work) {
        Transport transport;
        try {
            transport = conns.open(target);
        } catch (TransportException e) {
            return Session.unconnected(HostOutcome.failed(target, HostStatus.of(e), e.getMessage()));
        }
        try {
            Session s = work.run(transport);
            if (s.transport != transport) {
                transport.close();
            }
            return s;
        } catch (TransportException e) {
            transport.close();
            return Session.unconnected(HostOutcome.failed(target, HostStatus.of(e), e.getMessage()));
        } catch (Gather.IncompleteFactsException e) {
            transport.close();
            return Session.unconnected(HostOutcome.failed(target, HostStatus.FAILED, e.getMessage()));
        } catch (RuntimeException e) {
            transport.close();
            throw e;
        }
    }

    /**
     * Connects, reads the facts the target's desired state needs, and plans it; the connection
     * stays open only when there is something to apply. A converged host, or one whose plan has
     * errors, is closed at once: while a person reads the plan, or the rest of a large fleet is
     * planned, only the hosts an apply will change hold a connection.
     */
    Session plan(Target target, HostConnections conns) {
        return connected(target, conns, transport -> {
            HostFacts facts = FactReader.gather(transport, target.desired(), timeout);
            HostOutcome outcome = planned(target, facts);
            return keepsConnection(outcome) ? new Session(transport, outcome) : Session.unconnected(outcome);
        });
    }

    /**
     * As {@link #plan}, for an apply that follows at once: the gather's shell is held for the
     * apply script, one execution for both; a host with nothing to apply has its shell ended.
     */
    Session planHolding(Target target, HostConnections conns) {
        return connected(target, conns, transport -> {
            FactReader.Held read = FactReader.gatherHolding(transport, target.desired(), timeout);
            HostOutcome outcome = planned(target, read.facts());
            if (!keepsConnection(outcome)) {
                read.run().close();
                return Session.unconnected(outcome);
            }
            return new Session(transport, outcome, read.run());
        });
    }

    /** Only a host an apply will change keeps its connection (and a held shell) past its plan. */
    private static boolean keepsConnection(HostOutcome planned) {
        return planned.status() == HostStatus.CHANGES;
    }

    private static HostOutcome planned(Target target, HostFacts facts) {
        HostPlan plan = Planner.plan(target.desired(), facts);
        HostStatus status = plan.hasErrors() ? HostStatus.FAILED
                : plan.hasChanges() ? HostStatus.CHANGES : HostStatus.OK;
        String message = plan.hasErrors() ? plan.errors().size() + " plan error(s)" : "";
        return new HostOutcome(target, status, facts, plan, List.of(), message);
    }

    /** Reads only {@code sources}; a host that was read has status OK, its facts and an empty plan. */
    HostOutcome read(Target target, HostConnections conns, List<FactSource<?>> sources) {
        return connected(target, conns, transport -> Session.unconnected(new HostOutcome(target, HostStatus.OK,
                FactReader.run(transport, sources, timeout), new HostPlan.Builder().build(), List.of(), ""))).outcome();
    }

    /**
     * Plans the return to a snapshot (the newest, or {@code snapshotId}): every change it recorded
     * is undone by the kind that made it; the connection stays open for the apply.
     */
    Session revert(Target target, HostConnections conns, Optional<String> snapshotId) {
        return connected(target, conns, transport -> {
            HostFacts facts = FactReader.run(transport, List.of(SnapshotFacts.SOURCE, SessionRoute.SOURCE), timeout);
            SnapshotFacts snapshots = facts.get(SnapshotFacts.SOURCE);
            Optional<Snapshot> chosen = snapshots.snapshots().stream()
                    .filter(s -> snapshotId.map(id -> id.equals(s.id())).orElse(true)).findFirst();
            if (snapshots.error().isPresent() || chosen.isEmpty()) {
                return Session.unconnected(HostOutcome.failed(target, HostStatus.FAILED, snapshots.error()
                        .orElse(snapshotId.map(id -> "no snapshot " + id).orElse("no snapshot to roll back to"))));
            }
            HostPlan p = Revert.withSessionRisks(Revert.plan(chosen.get().changes()), facts.get(SessionRoute.SOURCE));
            return new Session(transport, new HostOutcome(target, p.hasChanges() ? HostStatus.CHANGES : HostStatus.OK,
                    facts, p, List.of(), "back to snapshot " + chosen.get().id()), Optional.of(chosen.get().id()));
        });
    }
}
