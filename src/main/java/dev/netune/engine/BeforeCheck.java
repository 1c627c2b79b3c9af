package dev.netune.engine;

import dev.netune.fact.Section;
import dev.netune.plan.Change;
import dev.netune.kinds.Kinds;
import dev.netune.setting.SettingKind;
import java.util.List;
import java.util.Optional;

/**
 * The apply's check, under the host lock and before the snapshot is saved, that every change's
 * before-value still holds (each kind re-reads what it can read exactly, see
 * {@link SettingKind#expectScript}). An apply that waited at its prompt, or raced another
 * controller, then changes nothing, instead of saving stale before-values that a rollback would
 * restore; when it passes, the snapshot holds the values the host had under the lock.
 */
final class BeforeCheck {
    private BeforeCheck() {
    }

    /** Every kind's check of its changes, in registry order. */
    static String script(List<Change> changes) {
        return Kinds.fragments(changes, SettingKind::expectScript);
    }

    /**
     * Why the apply changed nothing, if a before-value no longer held; {@code snapshotId} is the
     * snapshot a rollback returns to (empty for a plan's apply).
     */
    static Optional<String> refusal(List<Section> sections, String host, List<Change> changes,
                                    Optional<String> snapshotId) {
        for (Section s : sections) {
            if (!s.kind().equals("stale")) {
                continue;
            }
            String[] lines = s.body().split("\n", 3);
            String kind = lines[0];
            String target = lines.length > 1 ? lines[1] : "";
            String now = lines.length > 2 ? lines[2] : "";
            // a null before is a planned absence (a file netune creates)
            String expected = changes.stream().filter(c -> c.kind().name().equals(kind) && c.target().equals(target))
                    .findFirst().map(Change::before).orElse(null);
            String what = describe(target, now, expected, snapshotId.isPresent() ? "netune had set" : "the plan expected");
            return Optional.of(snapshotId
                    .map(id -> host + " changed since netune set what snapshot " + id + " undoes: " + what
                            + "; nothing rolled back (it would undo that later change)")
                    .orElse(host + " changed since it was planned: " + what + "; nothing changed, plan again"));
        }
        return Optional.empty();
    }

    private static String describe(String target, String now, String expected, String expectedBy) {
        if (expected == null) {
            return target + " exists now, " + expectedBy + " it absent";
        }
        if (now.contains("\n") || expected.contains("\n")) {
            return target + " no longer holds what " + (expectedBy.startsWith("the plan") ? "the plan read" : "netune wrote");
        }
        return target + " is now " + now.strip() + ", " + expectedBy + " " + expected;
    }
}
