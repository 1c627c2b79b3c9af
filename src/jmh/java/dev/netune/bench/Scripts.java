package dev.netune.bench;

import dev.netune.fact.FactSource;
import dev.netune.fact.Gather;
import dev.netune.fact.GatherOutput;
import dev.netune.fact.HostFacts;
import dev.netune.plan.Change;
import dev.netune.plan.HostPlan;
import dev.netune.profile.DesiredState;
import dev.netune.profile.ProfileLoader;
import dev.netune.setting.Kinds;
import dev.netune.setting.SettingKind;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.List;

/**
 * The scripts the engine sends, rebuilt through public APIs exactly as {@code Engine} builds them
 * (gather: every kind's sources for the desired state; apply: every kind's fragment, then the end
 * marker), and the engine's package-private pure planner reached by reflection.
 */
public final class Scripts {
    private static final Method PLAN;

    static {
        try {
            PLAN = Class.forName("dev.netune.engine.Engine").getDeclaredMethod("plan", DesiredState.class, HostFacts.class);
            PLAN.setAccessible(true);
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

    public static String applyScript(HostPlan plan) {
        StringBuilder script = new StringBuilder("export LC_ALL=C\nPATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH\numask 022\n");
        for (SettingKind<?> kind : Kinds.all()) {
            List<Change> mine = plan.changes().stream().filter(kind::owns).toList();
            if (!mine.isEmpty()) {
                script.append(kind.applyScript(mine));
            }
        }
        script.append(GatherOutput.markerCommand("end")).append('\n');
        return script.toString();
    }

    private static <D> List<FactSource<?>> sources(SettingKind<D> kind, DesiredState desired) {
        return desired.get(kind).map(kind::facts).orElse(List.of());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void add(Gather g, FactSource s) {
        g.add(s);
    }
}
