package dev.netune.setting.sysctl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.netune.fact.FactSource;
import dev.netune.fact.Gather;
import dev.netune.kinds.Kinds;
import dev.netune.plan.HostPlan;
import dev.netune.profile.ProfileLoader;
import dev.netune.setting.PlanContext;
import dev.netune.setting.shared.Shared;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * net.core.default_qdisc changes no device that exists: the plan says so, and points at the nics
 * rules' per-NIC {@code qdisc:} key, or says the profile's own rules cover the NICs they match.
 */
class DefaultQdiscNoteTest {
    private static final SysctlKind KIND = (SysctlKind) Kinds.all().stream()
            .filter(k -> k instanceof SysctlKind).findFirst().orElseThrow();

    @TempDir
    Path dir;

    private List<String> notes(boolean nicQdisc) throws Exception {
        Path f = Files.writeString(dir.resolve("p.yaml"), "name: p\nsysctl:\n  net.core.default_qdisc: fq\n");
        SysctlDesired desired = ProfileLoader.merge(new ProfileLoader(Kinds.all()).loadAll(List.of(f))).get(KIND).orElseThrow();
        Gather g = new Gather();
        for (FactSource<?> s : KIND.facts(desired)) {
            add(g, s);
        }
        HostPlan.Builder b = new HostPlan.Builder();
        KIND.plan(desired, new PlanContext.Builder().put(Shared.NIC_QDISC, nicQdisc).build(),
                g.parse("@@netune host\nhostname=guest\nkernel=6.1.0-50-amd64\n@@netune sysctl net.core.default_qdisc present\nfq_codel\n@@netune end\n"), b);
        return b.build().changes().get(0).notes();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void add(Gather g, FactSource s) {
        g.add(s);
    }

    @Test
    void withoutPerNicQdiscsTheNotePointsAtTheKey() throws Exception {
        assertEquals("existing devices keep their qdisc; new devices get it (set it on existing NICs with the nics rules'"
                + " qdisc: {root: fq} key)", notes(false).get(0));
    }

    @Test
    void withThemItSaysWhichDevicesTheyCover() throws Exception {
        assertEquals("existing devices keep their qdisc, except NICs the profile's nics rules give a qdisc: key;"
                + " new devices get it", notes(true).get(0));
    }
}
