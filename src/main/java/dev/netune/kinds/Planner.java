package dev.netune.kinds;

import dev.netune.fact.FactSource;
import dev.netune.fact.HostFacts;
import dev.netune.plan.HostPlan;
import dev.netune.profile.DesiredState;
import dev.netune.setting.PlanContext;
import dev.netune.setting.SettingKind;
import java.util.ArrayList;
import java.util.List;

/**
 * The pure planner: a host's desired state and facts in, its plan out, every registered kind in
 * apply order. It lives beside the registry, not in {@code plan/}: it calls the kinds, and the
 * kinds build {@code plan/}'s values, so {@code plan/} calling them back would be a cycle.
 */
public final class Planner {
    private Planner() {
    }

    /** Every kind present in the desired state plans against the facts, in registry order. */
    public static HostPlan plan(DesiredState desired, HostFacts facts) {
        PlanContext context = context(desired);
        HostPlan.Builder out = new HostPlan.Builder();
        for (SettingKind<?> kind : Kinds.all()) {
            planKind(kind, desired, context, facts, out);
        }
        return out.build();
    }

    /** What every kind of the desired state shares with the others, collected before any plans. */
    public static PlanContext context(DesiredState desired) {
        PlanContext.Builder context = new PlanContext.Builder();
        for (SettingKind<?> kind : Kinds.all()) {
            shareKind(kind, desired, context);
        }
        return context.build();
    }

    /** The facts the desired state needs, kind by kind in registry order. */
    public static List<FactSource<?>> facts(DesiredState desired) {
        List<FactSource<?>> sources = new ArrayList<>();
        for (SettingKind<?> kind : Kinds.all()) {
            sources.addAll(factsFor(kind, desired));
        }
        return sources;
    }

    /** What {@code netune facts} reads: every kind's default facts. */
    public static List<FactSource<?>> defaultFacts() {
        List<FactSource<?>> sources = new ArrayList<>();
        Kinds.all().forEach(k -> sources.addAll(k.defaultFacts()));
        return sources;
    }

    private static <D> void shareKind(SettingKind<D> kind, DesiredState desired, PlanContext.Builder context) {
        desired.get(kind).ifPresent(d -> kind.share(d, context));
    }

    private static <D> void planKind(SettingKind<D> kind, DesiredState desired, PlanContext context, HostFacts facts,
                                     HostPlan.Builder out) {
        desired.get(kind).ifPresent(d -> kind.plan(d, context, facts, out));
    }

    private static <D> List<FactSource<?>> factsFor(SettingKind<D> kind, DesiredState desired) {
        return desired.get(kind).map(kind::facts).orElse(List.of());
    }
}
