package dev.netune.setting.sysctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netune.fact.FactSource;
import dev.netune.fact.Gather;
import dev.netune.fact.HostFacts;
import dev.netune.plan.Change;
import dev.netune.plan.HostPlan;
import dev.netune.plan.NoOp;
import dev.netune.plan.PlanError;
import dev.netune.profile.DesiredState;
import dev.netune.profile.ProfileLoader;
import dev.netune.kinds.Kinds;
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
 * {@code plan.txt} out. Each plan line is "error|change|create|update|noop KIND TARGET: ...";
 * file changes list the old content with "-" and the new with "+".
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

    static String render(HostPlan p) {
        StringBuilder sb = new StringBuilder();
        for (PlanError e : p.errors()) {
            sb.append("error ").append(e.kind()).append(' ').append(e.target()).append(": ").append(e.message()).append('\n');
        }
        for (Change c : p.changes()) {
            boolean file = c.after().contains("\n");
            sb.append(file ? (c.creates() ? "create " : "update ") : "change ").append(c.kind()).append(' ').append(c.target());
            if (!file) {
                sb.append(": ").append(c.before()).append(" -> ").append(c.after());
            }
            for (String n : c.notes()) {
                sb.append(" (").append(n).append(')');
            }
            sb.append('\n');
            if (file) {
                if (c.before() != null) {
                    c.before().lines().filter(l -> !l.isEmpty()).forEach(l -> sb.append("  - ").append(l).append('\n'));
                }
                c.after().lines().forEach(l -> sb.append("  + ").append(l).append('\n'));
            }
        }
        for (NoOp n : p.unchanged()) {
            sb.append("noop ").append(n.kind()).append(' ').append(n.target()).append(": ").append(n.reason()).append('\n');
        }
        for (String w : p.warnings()) {
            sb.append("warning ").append(w).append('\n');
        }
        return sb.toString();
    }
}
