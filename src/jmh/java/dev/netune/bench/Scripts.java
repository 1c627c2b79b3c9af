package dev.netune.bench;

import dev.netune.engine.ApplyPolicy;
import dev.netune.engine.Snapshot;
import dev.netune.fact.Gather;
import dev.netune.fact.HostFacts;
import dev.netune.plan.HostPlan;
import dev.netune.profile.DesiredState;
import dev.netune.profile.ProfileLoader;
import dev.netune.kinds.Kinds;
import dev.netune.kinds.Planner;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.List;

/**
 * The scripts the engine sends, rebuilt through public APIs exactly as the engine builds them
 * (gather: {@link Planner#facts}; plan: {@link Planner#plan}), and the engine's package-private
 * apply script ({@code ApplyScript.of}) reached by reflection.
 */
public final class Scripts {
    private static final Method APPLY;

    static {
        try {
            APPLY = Class.forName("dev.netune.engine.ApplyScript").getDeclaredMethod("of", List.class,
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
        Planner.facts(desired).forEach(g::add);
        return g;
    }

    /** The pure planner. */
    public static HostPlan plan(DesiredState desired, HostFacts facts) {
        return Planner.plan(desired, facts);
    }

    /**
     * {@code ApplyScript.of}: the script apply sends, with a snapshot of this moment (the
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

}
