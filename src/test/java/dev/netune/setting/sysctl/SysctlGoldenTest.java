package dev.netune.setting.sysctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netune.fact.FactSource;
import dev.netune.fact.Gather;
import dev.netune.fact.HostFacts;
import dev.netune.plan.HostPlan;
import dev.netune.profile.DesiredState;
import dev.netune.profile.ProfileLoader;
import dev.netune.kinds.Kinds;
import dev.netune.report.TextReport;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden cases under {@code golden/sysctl/CASE/}: {@code profile.yaml} + {@code gather.txt} in,
 * {@code plan.txt} out, rendered by the renderer users see ({@code netune plan -v}): "!" errors,
 * "~" updates, "+" creations, "-" removals, files as a line diff, "=" settings already as wanted.
 */
class SysctlGoldenTest {
    private static final SysctlKind KIND = (SysctlKind) Kinds.all().stream()
            .filter(k -> k instanceof SysctlKind).findFirst().orElseThrow();

    @TestFactory
    Stream<DynamicTest> goldenCases() throws Exception {
        URL root = getClass().getClassLoader().getResource("golden/sysctl");
        Path dir = Path.of(root.toURI());
        List<Path> cases;
        try (Stream<Path> s = Files.list(dir)) {
            cases = s.filter(Files::isDirectory).sorted().toList();
        }
        assertTrue(cases.size() >= 4, "golden cases missing: " + cases);
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.getFileName().toString(), () -> check(c)));
    }

    private static void check(Path dir) throws Exception {
        DesiredState state = ProfileLoader.merge(new ProfileLoader(Kinds.all()).loadAll(List.of(dir.resolve("profile.yaml"))));
        SysctlDesired desired = state.get(KIND).orElseThrow();
        Gather gather = new Gather();
        for (FactSource<?> s : KIND.facts(desired)) {
            add(gather, s);
        }
        HostFacts facts = gather.parse(Files.readString(dir.resolve("gather.txt"), StandardCharsets.UTF_8));
        HostPlan.Builder out = new HostPlan.Builder();
        KIND.plan(desired, facts, out);
        assertEquals(Files.readString(dir.resolve("plan.txt"), StandardCharsets.UTF_8), render(out.build()));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void add(Gather g, FactSource s) {
        g.add(s);
    }

    /** The plan as `netune plan -v` shows it under a host's header: the production renderer. */
    static String render(HostPlan p) {
        return new TextReport(false).plan(p, true);
    }
}
