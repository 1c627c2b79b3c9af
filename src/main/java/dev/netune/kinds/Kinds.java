package dev.netune.kinds;

import dev.netune.plan.Change;
import dev.netune.setting.SettingKind;
import dev.netune.setting.irqbalance.IrqbalanceKind;
import dev.netune.setting.limits.LimitsKind;
import dev.netune.setting.nic.NicKind;
import dev.netune.setting.sysctl.SysctlKind;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The registry of setting kinds, in apply order. Adding a kind means adding its package under
 * {@code setting/} and one line here.
 */
public final class Kinds {
    private static final List<SettingKind<?>> ALL = List.of(
            new SysctlKind(),
            // irqbalance is stopped (or told its banned CPUs) before IRQs are pinned, or it may move them back
            new IrqbalanceKind(),
            new NicKind(),
            new LimitsKind());

    private Kinds() {
    }

    public static List<SettingKind<?>> all() {
        return ALL;
    }

    /** The kind that planned a change (and so applies it). */
    public static SettingKind<?> owning(Change change) {
        return ALL.stream().filter(k -> k.owns(change)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no setting kind owns change kind " + change.kind()));
    }

    /**
     * Each kind's {@code fragment} for the changes it owns, in registry order (kinds without
     * changes add nothing): the body of an apply, a restore or the before-check.
     */
    public static String fragments(List<Change> changes, BiFunction<SettingKind<?>, List<Change>, String> fragment) {
        StringBuilder script = new StringBuilder();
        for (SettingKind<?> kind : ALL) {
            List<Change> mine = changes.stream().filter(kind::owns).toList();
            if (!mine.isEmpty()) {
                script.append(fragment.apply(kind, mine));
            }
        }
        return script.toString();
    }
}
