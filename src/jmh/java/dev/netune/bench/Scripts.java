package dev.netune.bench;

import dev.netune.engine.ApplyPolicy;
import dev.netune.engine.Snapshot;
import dev.netune.fact.FactSource;
import dev.netune.fact.Gather;
import dev.netune.fact.HostFacts;
import dev.netune.plan.HostPlan;
import dev.netune.profile.DesiredState;
import dev.netune.profile.ProfileLoader;
import dev.netune.kinds.Kinds;
import dev.netune.setting.SettingKind;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.List;

/**
 * The scripts the engine sends, rebuilt through public APIs exactly as {@code Engine} builds them
 * (gather: every kind's sources for the desired state; apply: the engine's own apply script), and
 * the engine's package-private pure planner and apply script reached by reflection.
 */
public final class Scripts {
    private static final Method PLAN;
    private static final Method APPLY;

    static {
        try {
            PLAN = Class.forName("dev.netune.engine.Engine").getDeclaredMethod("plan", DesiredState.class, HostFacts.class);
            PLAN.setAccessible(true);
            APPLY = Class.forName("dev.netune.engine.Engine").getDeclaredMethod("applyScript", List.class,
                    Snapshot.class, ApplyPolicy.class, boolean.class);
            APPLY.setAccessible(true);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Scripts() {
    }

    public static DesiredState desired(Path... profiles) throws Exception {
        return ProfileLoader.merge(new ProfileLoader(Kinds.all()).loadAll(List.of(profiles)));
    }

    public static Gather gather(DesiredState desired) {
        Gather g = new Gather();
        for (SettingKind<?> kind : Kinds.all()) {
            for (FactSource<?> s : sources(kind, desired)) {
                add(g, s);
            }
        }
        return g;
    }

    /** {@code Engine.plan(desired, facts)}: pure, package-private in the engine. */
    public static HostPlan plan(DesiredState desired, HostFacts facts) {
        try {
            return (HostPlan) PLAN.invoke(null, desired, facts);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code Engine.applyScript}: the script apply sends, with a snapshot of this moment (the
     * simulated server compares scripts with their snapshot id and time masked, see SimServer).
     */
    public static String applyScript(HostPlan plan) {
        Snapshot snapshot = new Snapshot("20000101T000000Z-0000", "2000-01-01T00:00:00Z", controller(), plan.changes());
        try {
            return (String) APPLY.invoke(null, plan.changes(), snapshot, ApplyPolicy.DEFAULT, false);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Who applies, as the engine records it (user@host). */
    private static String controller() {
        try {
            Method m = Snapshot.class.getDeclaredMethod("controller");
            m.setAccessible(true);
            return (String) m.invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <D> List<FactSource<?>> sources(SettingKind<D> kind, DesiredState desired) {
        return desired.get(kind).map(kind::facts).orElse(List.of());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void add(Gather g, FactSource s) {
        g.add(s);
    }
}
