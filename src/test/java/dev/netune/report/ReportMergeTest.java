package dev.netune.report;

import dev.netune.plan.ChangeKind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netune.engine.HostOutcome;
import dev.netune.engine.HostStatus;
import dev.netune.engine.Target;
import dev.netune.inventory.Host;
import dev.netune.plan.Change;
import dev.netune.plan.HostPlan;
import dev.netune.profile.DesiredState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportMergeTest {
    @TempDir
    Path dir;

    private static HostOutcome host(String name, HostStatus status, int changes) {
        Host h = new Host(name, "10.0.0.1", 22, "root", null, Path.of("/k"), false, List.of(), List.of());
        List<Change> cs = java.util.stream.IntStream.range(0, changes)
                .mapToObj(i -> new Change(ChangeKind.of("sysctl"), "net.core.k" + i, "1", "2")).toList();
        return new HostOutcome(Target.of(h, DesiredState.EMPTY), status, null,
                new HostPlan(cs, List.of(), List.of(), List.of()), List.of(), "");
    }

    private Path report(String file, String command, HostOutcome... hosts) throws IOException {
        return Files.writeString(dir.resolve(file), JsonReport.render(command, new Inputs(null, List.of(), null),
                List.of(hosts), false));
    }

    @Test
    void shardsMergeIntoOneReportWithTheSummaryRecounted() throws Exception {
        Path a = report("a.json", "drift", host("web-1", HostStatus.OK, 0), host("web-2", HostStatus.CHANGES, 2));
        Path b = report("b.json", "drift", host("web-3", HostStatus.UNREACHABLE, 0));
        JsonNode merged = new ObjectMapper().readTree(ReportMerge.merge(List.of(a, b)));
        assertEquals("drift", merged.path("command").asText());
        assertEquals(List.of("web-1", "web-2", "web-3"),
                List.of(merged.path("hosts").get(0).path("name").asText(), merged.path("hosts").get(1).path("name").asText(),
                        merged.path("hosts").get(2).path("name").asText()));
        JsonNode s = merged.path("summary");
        assertEquals(3, s.path("hosts").asInt());
        assertEquals(1, s.path("ok").asInt());
        assertEquals(1, s.path("changes").asInt());
        assertEquals(1, s.path("unreachable").asInt());
        assertEquals(2, s.path("totalChanges").asInt());
    }

    @Test
    void overlappingOrMixedReportsAreRefused() throws Exception {
        Path a = report("a.json", "drift", host("web-1", HostStatus.OK, 0));
        Path again = report("b.json", "drift", host("web-1", HostStatus.OK, 0));
        Path plan = report("c.json", "plan", host("web-9", HostStatus.OK, 0));
        IOException overlap = assertThrows(IOException.class, () -> ReportMerge.merge(List.of(a, again)));
        assertTrue(overlap.getMessage().startsWith("host web-1 is in more than one report"), overlap.getMessage());
        IOException mixed = assertThrows(IOException.class, () -> ReportMerge.merge(List.of(a, plan)));
        assertEquals(plan + " is a plan report; the others are drift", mixed.getMessage());
    }
}
