package dev.netune.setting;

import dev.netune.fact.FactSource;
import dev.netune.fact.HostFacts;
import dev.netune.fact.Section;
import dev.netune.fact.SessionRoute;
import dev.netune.plan.Change;
import dev.netune.plan.HostPlan;
import dev.netune.profile.KindSchema;
import java.util.List;

/**
 * One kind of setting end to end: profile schema, facts to read, planner, apply and verify.
 *
 * <p>Planning is pure (desired + facts in, changes out). Apply is a script fragment that
 * changes only what the plan lists and re-reads it in the same execution; {@link #verify}
 * turns that output into results.
 *
 * @param <D> the kind's validated desired state
 */
public interface SettingKind<D> extends KindSchema<D> {

    /** The facts this desired state needs; joined with other kinds' into one gather script. */
    List<FactSource<?>> facts(D desired);

    /** What {@code netune facts} shows for this kind when there is no profile. */
    List<FactSource<?>> defaultFacts();

    /** Compares desired with facts and records changes, no-ops and errors. */
    void plan(D desired, HostFacts facts, HostPlan.Builder out);

    /**
     * Like {@link #plan(Object, HostFacts, HostPlan.Builder)}, for kinds whose plan depends on
     * what another kind of the same profile wants (IRQ affinity depends on irqbalance), read
     * from {@code context} by typed key.
     */
    default void plan(D desired, PlanContext context, HostFacts facts, HostPlan.Builder out) {
        plan(desired, facts, out);
    }

    /** Shares what other kinds' plans need to know of this kind's desired state; see {@link PlanContext}. */
    default void share(D desired, PlanContext.Builder context) {
    }

    /** A POSIX sh fragment applying {@code changes} (all of this kind) and printing verify sections. */
    String applyScript(List<Change> changes);

    /**
     * A POSIX sh fragment run under the host lock before the snapshot is saved: for each change
     * whose current value this kind can read cheaply and exactly, compare it with the change's
     * before and, where it differs, print {@link #STALE_MARKER} with the change's kind, target and
     * the value now on three lines, then {@code exit 0}, so nothing is saved or changed. The
     * snapshot's before-values are then what the host held under the lock. Empty for kinds that
     * cannot read a value exactly in shell.
     */
    default String expectScript(List<Change> changes) {
        return "";
    }

    /**
     * The changes of {@code changes} (all of this kind) that can cut the SSH session
     * {@code session} describes, one line each. Planning records them in the plan itself; a
     * rollback asks here, so that undoing such a change arms the same automatic restore.
     */
    default List<String> sessionRisks(List<Change> changes, SessionRoute session) {
        return List.of();
    }

    /** The marker line of a before-value that no longer holds; see {@link #expectScript}. */
    String STALE_MARKER = "echo '@@netune stale'";

    /** Whether this kind planned the change (a kind may plan several change kinds, e.g. its files). */
    default boolean owns(Change change) {
        return change.kind().name().equals(key());
    }

    /**
     * The change that returns a target to the value a snapshot recorded before {@code applied}
     * (for {@code netune rollback}); empty when this kind cannot undo it.
     */
    default java.util.Optional<Change> revert(Change applied) {
        return java.util.Optional.empty();
    }

    /** Reads this kind's apply/verify sections: one result per change. */
    List<ChangeResult> verify(List<Change> changes, List<Section> sections);
}
