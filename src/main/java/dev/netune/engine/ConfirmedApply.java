package dev.netune.engine;

import dev.netune.kinds.Planner;
import dev.netune.fact.Gather;
import dev.netune.fact.GatherOutput;
import dev.netune.plan.Change;
import dev.netune.plan.HostPlan;
import dev.netune.setting.ChangeResult;
import dev.netune.kinds.Kinds;
import dev.netune.transport.ExecResult;
import dev.netune.transport.Transport;
import dev.netune.transport.TransportException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The controller's side of the confirmed apply (the host's side is {@link AutoRestore}): after
 * an armed apply, confirm over a new connection before the host's deadline, or restore the host
 * and read it back.
 */
final class ConfirmedApply {
    /** Confirmation stops this long before the host's deadline, so the two never cross. */
    private static final Duration CONFIRM_MARGIN = Duration.ofSeconds(5);
    /** After the host's deadline, how long netune keeps trying to reach it to check its restore. */
    private static final Duration RESTORE_GRACE = Duration.ofSeconds(60);
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(2);

    private final EngineOptions options;

    ConfirmedApply(EngineOptions options) {
        this.options = options;
    }

    /**
     * Confirms an armed apply over a new connection, retried until shortly before the host's
     * deadline. The host's facts are read first, so the new session has to carry large replies,
     * not only a handshake (a wrong MTU lets small packets through). Empty when confirmed, else why not.
     */
    Optional<String> confirm(Target target, HostConnections conns, Snapshot snapshot, Instant armedAt) {
        Instant deadline = armedAt.plus(options.apply().confirmTimeout()).minus(CONFIRM_MARGIN);
        String lastError = "no connection was tried";
        while (Instant.now().isBefore(deadline)) {
            try (Transport t = conns.open(target)) {
                FactReader.confirmation(t, target.desired(), until(deadline));
                ExecResult r = t.run(AutoRestore.confirmScript(snapshot.id()), until(deadline));
                Optional<AutoRestore.Verdict> v = AutoRestore.verdict(snapshot.id(), GatherOutput.split(r.stdout()));
                if (v.isPresent()) {
                    return v.get() == AutoRestore.Verdict.CONFIRMED ? Optional.empty()
                            : Optional.of("the automatic restore ran before netune could confirm");
                }
                lastError = "the confirmation printed nothing (exit " + r.exitCode() + ": " + FactReader.firstLine(r.stderr()) + ")";
            } catch (TransportException | Gather.IncompleteFactsException e) {
                lastError = e.getMessage();
            } catch (RuntimeException e) {
                // the host answered with something netune cannot read: not a confirmation
                return Optional.of("not confirmed: " + FleetRunner.internalError(target, e));
            }
            pause(RETRY_PAUSE);
        }
        return Optional.of("not confirmed: no new SSH connection could read the host within "
                + options.apply().confirmTimeout().toSeconds() + " s of the change (last: " + lastError + ")");
    }

    /**
     * The apply is not confirmed: starts the host's restore now over a new connection (a no-op if
     * its timer already did), asks until it has finished, then reads the host back and compares
     * with the plan. Retried until a little after the host's own deadline, when its timer has
     * restored it without netune.
     */
    HostOutcome restore(HostOutcome o, HostConnections conns, Snapshot snapshot, HostPlan applied,
                        List<ChangeResult> results, Instant armedAt, String why) {
        Instant giveUp = armedAt.plus(options.apply().confirmTimeout()).plus(RESTORE_GRACE);
        List<ChangeResult> undone = results.stream()
                .map(r -> new ChangeResult(r.change(), false, r.actual(), "undone by the automatic restore"))
                .toList();
        String lastError = "no connection was tried";
        while (true) {
            try (Transport t = conns.open(o.target())) {
                ExecResult r = t.run(AutoRestore.restoreNowScript(snapshot.id(), options.commandTimeout()),
                        options.commandTimeout());
                Optional<AutoRestore.Verdict> v = AutoRestore.verdict(snapshot.id(), GatherOutput.split(r.stdout()));
                if (v.isPresent() && v.get() == AutoRestore.Verdict.UNARMED) {
                    return o.with(HostStatus.FAILED, results, why + "; it stopped before arming the restore, so before"
                            + " changing anything");
                }
                if (v.isEmpty() || v.get() != AutoRestore.Verdict.RESTORED) {
                    lastError = "the restore has not finished (see " + AutoRestore.DIR + "/" + snapshot.id() + ".log)";
                } else {
                    String check;
                    if (o.target().desired().isEmpty()) {
                        // a rollback: there is no profile to compare the host with
                        return o.with(HostStatus.FAILED, undone, why + "; restored snapshot " + snapshot.id()
                                + ": the host is back to its state before the rollback");
                    }
                    try {
                        HostPlan now = Planner.plan(o.target().desired(), FactReader.gather(t, o.target().desired(), options.commandTimeout()));
                        check = notRestored(applied, now).map(c -> "but " + c.kind() + " " + c.target()
                                        + " does not read back as before the apply: plan again")
                                .orElse("the host is back to its state before the apply (read back)");
                    } catch (TransportException | Gather.IncompleteFactsException | RuntimeException e) {
                        check = "reading it back failed: " + e.getMessage();
                    }
                    return o.with(HostStatus.FAILED, undone, why + "; restored snapshot " + snapshot.id() + ": " + check);
                }
            } catch (TransportException e) {
                lastError = e.getMessage();
            }
            if (Instant.now().isAfter(giveUp)) {
                return o.with(HostStatus.FAILED, results, why + "; could not reach the host to restore it (" + lastError
                        + "): its timer " + AutoRestore.unit(snapshot.id()) + " restores snapshot " + snapshot.id()
                        + " by itself; check the host");
            }
            pause(RETRY_PAUSE);
        }
    }

    /**
     * The first applied change that a restore undoes but that a fresh plan does not want again
     * from the same before-value (changes no kind can undo, such as an installed boot unit, stay).
     */
    private static Optional<Change> notRestored(HostPlan applied, HostPlan now) {
        return applied.changes().stream()
                .filter(c -> Kinds.owning(c).revert(c).isPresent())
                .filter(c -> now.changes().stream().noneMatch(c::sameAs))
                .findFirst();
    }

    private static Duration until(Instant deadline) {
        return Duration.ofMillis(Math.max(1000, Duration.between(Instant.now(), deadline).toMillis()));
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
