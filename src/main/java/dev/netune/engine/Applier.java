package dev.netune.engine;

import dev.netune.fact.Gather;
import dev.netune.fact.GatherOutput;
import dev.netune.fact.Section;
import dev.netune.kinds.Kinds;
import dev.netune.kinds.Planner;
import dev.netune.plan.Change;
import dev.netune.plan.HostPlan;
import dev.netune.setting.ChangeResult;
import dev.netune.setting.SettingKind;
import dev.netune.transport.ExecResult;
import dev.netune.transport.TransportException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Applies one planned host over its session: one apply script per round (a second round only for
 * settings deferred until the first is applied), the confirmation over a new connection when the
 * apply may cut the session, and the automatic restore when it cannot be confirmed.
 */
final class Applier {
    /** Who applies, recorded in snapshots and the host lock: computed at the first apply, so a plan never pays for it. */
    private static final class Controller {
        static final String NAME = Snapshot.controller();
    }

    private final EngineOptions options;
    private final ConfirmedApply confirmation;

    Applier(EngineOptions options) {
        this.options = options;
        this.confirmation = new ConfirmedApply(options);
    }

    HostOutcome apply(Session s, HostConnections conns) {
        HostOutcome o = s.outcome();
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
            Snapshot snapshot = Snapshot.of(plan.changes(), Controller.NAME);
            boolean confirm = options.apply().confirmAlways() || !plan.connectionRisks().isEmpty();
            Instant armedAt = Instant.now();
            try {
                results.addAll(applyRound(s, plan, snapshot, confirm));
            } catch (ApplyRefused e) {
                return o.with(e.status, results, e.getMessage());
            } catch (TransportException e) {
                if (confirm) {
                    // the host's state is not known: put it back rather than leave it half-changed
                    return confirmation.restore(o, conns, snapshot, plan, results, armedAt, "apply interrupted: " + e.getMessage());
                }
                return o.with(HostStatus.of(e) == HostStatus.UNREACHABLE ? HostStatus.UNREACHABLE : HostStatus.FAILED,
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
                plan = Planner.plan(o.target().desired(),
                        FactReader.gather(s.transport, o.target().desired(), options.commandTimeout()));
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

    /**
     * One apply execution: the lock and the snapshot, the armed restore when {@code confirm},
     * every kind's fragment for its changes, then every kind's verification.
     */
    private List<ChangeResult> applyRound(Session s, HostPlan plan, Snapshot snapshot, boolean confirm)
            throws TransportException, ApplyRefused {
        List<Change> changes = plan.changes();
        String host = s.outcome().target().name();
        ExecResult r = s.run(ApplyScript.of(changes, snapshot, options.apply(), confirm), options.commandTimeout());
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

    /** The host refused the apply before changing anything (locked, no flock, changed since planned, snapshot not saved). */
    private static final class ApplyRefused extends Exception {
        private final HostStatus status;

        ApplyRefused(HostStatus status, String message) {
            super(message);
            this.status = status;
        }
    }
}
