package dev.netune.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.netune.plan.Change;
import dev.netune.plan.ChangeKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Snapshots stay on hosts across netune versions: their JSON keeps one shape. */
class SnapshotTest {
    private static final String EARLIER = "{\"id\":\"20260101T000000Z-1a2b\",\"time\":\"2026-01-01T00:00:00Z\","
            + "\"by\":\"root@ctl\",\"changes\":[{\"kind\":\"sysctl\",\"target\":\"net.core.somaxconn\","
            + "\"before\":\"4096\",\"after\":\"8192\",\"notes\":[]},{\"kind\":\"irqbalance-dropin\",\"target\":\"/d\","
            + "\"before\":\"x\",\"after\":\"\",\"notes\":[\"removes it\"]}]}";

    @Test
    void aSnapshotOfAnEarlierVersionReadsAndWritesBackTheSame() throws Exception {
        Snapshot s = Snapshot.fromJson(EARLIER);
        assertEquals(List.of(new Change(ChangeKind.of("sysctl"), "net.core.somaxconn", "4096", "8192"),
                new Change(ChangeKind.of("irqbalance-dropin"), "/d", "x", "", List.of("removes it"))), s.changes());
        assertEquals(EARLIER, s.toJson());
    }

    @Test
    void aSnapshotWithAChangeNetuneCannotHaveMadeIsRefused() {
        assertThrows(com.fasterxml.jackson.core.JsonProcessingException.class, () -> Snapshot.fromJson(
                EARLIER.replace("\"kind\":\"sysctl\"", "\"kind\":\"; reboot\"")));
    }

    /** What toJson writes by hand is what Jackson wrote for the same snapshot, hostile strings and nulls included. */
    @Test
    void theHandWrittenJsonIsJacksons() throws Exception {
        List<Change> changes = List.of(new Change(ChangeKind.of("sysctl"), "net.\"x\"\\y", null, "a\nb\u0001 ✓",
                List.of("it's $(id)", "")), new Change(ChangeKind.of("sysctl-file"), "/etc/f", "old", null));
        Snapshot s = new Snapshot("20260101T000000Z-1a2b", "2026-01-01T00:00:00Z", "ops@ctl", changes);
        java.util.Map<String, Object> wire = new java.util.LinkedHashMap<>();
        wire.put("id", s.id());
        wire.put("time", s.time());
        wire.put("by", s.by());
        wire.put("changes", changes.stream().map(c -> {
            java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("kind", c.kind().name());
            m.put("target", c.target());
            m.put("before", c.before());
            m.put("after", c.after());
            m.put("notes", c.notes());
            return m;
        }).toList());
        assertEquals(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(wire), s.toJson());
        assertEquals(s, Snapshot.fromJson(s.toJson()));
    }
}
