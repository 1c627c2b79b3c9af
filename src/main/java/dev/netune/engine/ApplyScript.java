package dev.netune.engine;

import dev.netune.fact.GatherOutput;
import dev.netune.kinds.Kinds;
import dev.netune.plan.Change;
import dev.netune.setting.SettingKind;
import java.util.List;

/**
 * The one script an apply runs on a host: prelude, lock, before-check and snapshot, the armed
 * automatic restore when the apply must be confirmed, every kind's fragment, the end marker.
 */
final class ApplyScript {
    /** Every script starts from known settings; a restart is allowed only by the line the apply adds. */
    private static final String PRELUDE = "export LC_ALL=C\nPATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH\numask 022\n"
            + "unset NETUNE_ALLOW_SERVICE_RESTART\n";

    private ApplyScript() {
    }

    static String of(List<Change> changes, Snapshot snapshot, ApplyPolicy policy, boolean confirm) {
        StringBuilder script = new StringBuilder(PRELUDE);
        if (policy.allowServiceRestart()) {
            script.append(ApplyPolicy.ALLOW_RESTART_LINE);
        }
        script.append(HostGuard.lockScript(snapshot));
        script.append(BeforeCheck.script(changes));
        script.append(HostGuard.snapshotScript(snapshot));
        if (confirm) {
            String restore = AutoRestore.restoreScript(snapshot, changes(Revert.plan(changes).changes()));
            script.append(AutoRestore.armScript(snapshot, restore, policy.confirmTimeout()));
        }
        script.append(changes(changes));
        script.append(GatherOutput.markerCommand("end")).append('\n');
        return whole(script.toString());
    }

    /**
     * The script as one brace group. sh parses a compound command to its end before it runs any
     * of it: a script cut in transit (a lost connection) runs nothing instead of its first half,
     * and no change it makes (an MTU that drops full-size segments) can strand its own tail.
     */
    static String whole(String script) {
        return "{\n" + script + "}\n";
    }

    /** The kinds' fragments for the changes, in registry order: the body of an apply or a restore. */
    private static String changes(List<Change> changes) {
        return Kinds.fragments(changes, SettingKind::applyScript);
    }
}
