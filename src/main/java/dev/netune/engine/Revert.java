package dev.netune.engine;

import dev.netune.fact.SessionRoute;
import dev.netune.plan.Change;
import dev.netune.plan.HostPlan;
import dev.netune.kinds.Kinds;
import dev.netune.setting.SettingKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** The undoing of applied changes: the plan of a rollback, and of the automatic restore. */
final class Revert {
    private Revert() {
    }

    /**
     * {@code plan} with the changes that can cut the SSH session marked as the kinds see them: a
     * rollback of an MTU or channel change on the session's NIC is confirmed like its apply was.
     */
    static HostPlan withSessionRisks(HostPlan plan, SessionRoute session) {
        List<String> risks = new ArrayList<>(plan.connectionRisks());
        for (SettingKind<?> kind : Kinds.all()) {
            List<Change> mine = plan.changes().stream().filter(kind::owns).toList();
            if (!mine.isEmpty()) {
                risks.addAll(kind.sessionRisks(mine, session));
            }
        }
        return new HostPlan(plan.changes(), plan.unchanged(), plan.errors(), plan.warnings(), plan.deferred(), risks);
    }

    /**
     * The changes that undo {@code applied} (newest first, each by the kind that made it), and a
     * warning for each one its kind cannot undo: rollback and the automatic restore.
     */
    static HostPlan plan(List<Change> applied) {
        HostPlan.Builder plan = new HostPlan.Builder();
        List<Change> reversed = new ArrayList<>(applied);
        Collections.reverse(reversed);
        for (Change c : reversed) {
            Optional<Change> back = Kinds.owning(c).revert(c);
            if (back.isPresent()) {
                plan.change(back.get());
            } else {
                plan.warning("not rolled back: " + c.kind() + " " + c.target()
                        + " (this kind cannot undo it; see netune history)");
            }
        }
        return plan.build();
    }
}
