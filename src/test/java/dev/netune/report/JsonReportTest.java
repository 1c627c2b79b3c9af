package dev.netune.report;

import static dev.netune.report.Fixtures.BACKLOG;
import static dev.netune.report.Fixtures.CREATE_FILE;
import static dev.netune.report.Fixtures.RANGE_OK;
import static dev.netune.report.Fixtures.RECYCLE;
import static dev.netune.report.Fixtures.SOMAXCONN;
import static dev.netune.report.Fixtures.UPDATE_FILE;
import static dev.netune.report.Fixtures.applied;
import static dev.netune.report.Fixtures.outcome;
import static dev.netune.report.Fixtures.plan;
import static dev.netune.report.Fixtures.target;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netune.engine.HostOutcome;
import dev.netune.engine.HostStatus;
import dev.netune.engine.Target;
import dev.netune.plan.Change;
import dev.netune.profile.DesiredState;
import dev.netune.setting.ChangeResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonReportTest {
    private static final ObjectMapper M = new ObjectMapper();
    private static final Inputs INPUTS = new Inputs("/srv/netune/inventory.yaml",
            List.of("/srv/netune/profiles/web-server.yaml"), "web:!web-2");
    private static final Target WEB1 = target("web-1", "10.0.0.11");
    private static final Target WEB2 = target("web-2", "10.0.0.12");
    private static final Target DB1 = target("db-1", "10.0.1.21");
    private static final Target PROXY1 = target("proxy-1", "10.0.2.31");

    private static List<HostOutcome> fleet() {
        return List.of(
                outcome(WEB1, HostStatus.CHANGES, plan(List.of(SOMAXCONN, BACKLOG, CREATE_FILE), List.of(RANGE_OK),
                        List.of(), List.of("a warning")), ""),
                outcome(WEB2, HostStatus.OK, plan(List.of(), List.of(RANGE_OK), List.of(), List.of()), ""),
                outcome(DB1, HostStatus.FAILED, plan(List.of(), List.of(), List.of(RECYCLE), List.of()),
                        "1 plan error(s)"),
                outcome(PROXY1, HostStatus.UNREACHABLE, null, "cannot connect"));
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void planDocument() throws Exception {
        String json = JsonReport.render("plan", INPUTS, fleet(), false);
        assertTrue(json.endsWith("}\n"));
        JsonNode root = M.readTree(json);
        assertEquals(List.of("schemaVersion", "netuneVersion", "netuneCommit", "command", "inputs", "hosts", "summary"),
                fieldNames(root));
        assertEquals(1, root.get("schemaVersion").asInt());
        assertEquals(BuildInfo.current().version(), root.get("netuneVersion").asText());
        assertTrue(root.get("netuneVersion").asText().matches("\\d+\\.\\d+\\.\\d+.*"), json);
        assertEquals(BuildInfo.current().commit(), root.get("netuneCommit").asText(), json);
        assertEquals(JsonReport.SCHEMA_VERSION, root.get("schemaVersion").asInt());
        assertEquals("plan", root.get("command").asText());
        assertEquals(M.readTree("""
                {"inventory": "/srv/netune/inventory.yaml", "profiles": ["/srv/netune/profiles/web-server.yaml"],
                 "limit": "web:!web-2"}"""), root.get("inputs"));
        JsonNode hosts = root.get("hosts");
        assertEquals(4, hosts.size());

        JsonNode web1 = hosts.get(0);
        assertEquals(List.of("name", "address", "status", "message", "changes", "unchanged", "errors", "warnings",
                "deferred", "connectionRisks"),
                fieldNames(web1));
        assertEquals("web-1", web1.get("name").asText());
        assertEquals("10.0.0.11:22", web1.get("address").asText());
        assertEquals("changes", web1.get("status").asText());
        assertEquals("", web1.get("message").asText());
        assertEquals(M.readTree("""
                {"kind": "sysctl", "target": "net.core.somaxconn", "action": "update", "before": "4096",
                 "after": "8192", "notes": []}"""), web1.get("changes").get(0));
        assertEquals(M.readTree("""
                {"kind": "sysctl", "target": "net.core.netdev_max_backlog", "action": "update", "before": "1000",
                 "after": "16384", "notes": ["global to the kernel, not per network namespace"]}"""),
                web1.get("changes").get(1));
        JsonNode file = web1.get("changes").get(2);
        assertEquals("create", file.get("action").asText());
        assertTrue(file.get("before").isNull(), "absent before is JSON null");
        assertEquals(CREATE_FILE.after(), file.get("after").asText());
        assertEquals(M.readTree("""
                [{"kind": "sysctl", "target": "net.ipv4.ip_local_port_range",
                  "reason": "net.ipv4.ip_local_port_range is already 10000 65000"}]"""), web1.get("unchanged"));
        assertEquals(M.readTree("[]"), web1.get("errors"));
        assertEquals(M.readTree("[\"a warning\"]"), web1.get("warnings"));
        assertFalse(web1.has("results"));
        assertFalse(web1.has("facts"));

        JsonNode db1 = hosts.get(2);
        assertEquals("failed", db1.get("status").asText());
        assertEquals("1 plan error(s)", db1.get("message").asText());
        assertEquals(M.readTree("""
                [{"kind": "sysctl", "target": "net.ipv4.tcp_tw_recycle", "message": "net.ipv4.tcp_tw_recycle does not\
                 exist on this host (kernel 6.1.0-18-amd64); a module may be missing or the key misspelt"}]"""),
                db1.get("errors"));

        JsonNode proxy = hosts.get(3);
        assertEquals(List.of("name", "address", "status", "message"), fieldNames(proxy));
        assertEquals("unreachable", proxy.get("status").asText());
        assertEquals("cannot connect", proxy.get("message").asText());

        JsonNode summary = root.get("summary");
        assertEquals(4, summary.get("hosts").asInt());
        assertEquals(1, summary.get("ok").asInt());
        assertEquals(0, summary.get("changed").asInt());
        assertEquals(1, summary.get("failed").asInt());
        assertEquals(1, summary.get("unreachable").asInt());
        assertEquals(0, summary.get("stale").asInt());
        assertEquals(0, summary.get("skipped").asInt());
        assertEquals(3, summary.get("totalChanges").asInt(), "number of changes");
    }

    @Test
    void summaryHasBothHostsWithChangesAndNumberOfChanges() throws Exception {
        List<HostOutcome> two = List.of(
                outcome(WEB1, HostStatus.CHANGES, plan(List.of(SOMAXCONN, BACKLOG, CREATE_FILE), List.of(), List.of(),
                        List.of()), ""),
                outcome(WEB2, HostStatus.CHANGES, plan(List.of(SOMAXCONN, CREATE_FILE), List.of(), List.of(),
                        List.of()), ""));
        JsonNode summary = M.readTree(JsonReport.render("plan", INPUTS, two, false)).get("summary");
        // hosts, one count per HostStatus, and the number of changes
        assertEquals(1 + HostStatus.values().length + 1, summary.size(), summary.toString());
        List<Integer> values = new ArrayList<>();
        summary.elements().forEachRemaining(v -> values.add(v.asInt()));
        assertTrue(values.contains(5), "5 changes: " + summary);
        assertEquals(2, values.stream().filter(v -> v == 2).count(), "2 hosts and 2 hosts with changes: " + summary);
    }

    @Test
    void applyDocumentHasResults() throws Exception {
        HostOutcome o = applied(WEB1, HostStatus.CHANGED, plan(List.of(SOMAXCONN, CREATE_FILE), List.of(), List.of(),
                List.of()), List.of(new ChangeResult(SOMAXCONN, true, "8192", "set"),
                new ChangeResult(CREATE_FILE, false, null, "write failed: disk full")), "1 of 2 change(s) failed");
        JsonNode root = M.readTree(JsonReport.render("apply", INPUTS, List.of(o), false));
        assertEquals("apply", root.get("command").asText());
        JsonNode h = root.get("hosts").get(0);
        assertEquals("changed", h.get("status").asText());
        assertEquals(M.readTree("""
                [{"kind": "sysctl", "target": "net.core.somaxconn", "ok": true, "actual": "8192", "message": "set"},
                 {"kind": "sysctl-file", "target": "/etc/sysctl.d/99-zz-netune.conf", "ok": false, "actual": null,
                  "message": "write failed: disk full"}]"""), h.get("results"));
        assertEquals(1, root.get("summary").get("changed").asInt());
    }

    @Test
    void factsDocumentHasFactsButNoPlan() throws Exception {
        HostOutcome o = new HostOutcome(Target.local(DesiredState.EMPTY), HostStatus.OK, Fixtures.facts("""
                @@netune sysctl net.core.somaxconn present
                4096
                @@netune sysctl net.ipv4.tcp_tw_recycle missing
                """), plan(List.of(), List.of(), List.of(), List.of()), List.of(), "");
        JsonNode root = M.readTree(JsonReport.render("facts", new Inputs(null, List.of(), null), List.of(o), true));
        assertTrue(root.get("inputs").get("inventory").isNull());
        assertTrue(root.get("inputs").get("limit").isNull());
        JsonNode h = root.get("hosts").get(0);
        assertEquals(List.of("name", "address", "status", "message", "facts"), fieldNames(h));
        assertEquals("localhost", h.get("name").asText());
        assertEquals("local", h.get("address").asText());
        assertEquals(M.readTree("""
                {"host": {"hostname": "web-1", "kernel": "6.1.0-18-amd64", "uid": 0},
                 "sysctl": {"values": {"net.core.somaxconn": {"status": "PRESENT", "value": "4096"},
                                       "net.ipv4.tcp_tw_recycle": {"status": "MISSING", "value": ""}},
                            "persistedFile": null}}"""), h.get("facts"));
        // without withFacts the facts stay out
        JsonNode noFacts = M.readTree(JsonReport.render("facts", new Inputs(null, List.of(), null), List.of(o), false));
        assertFalse(noFacts.get("hosts").get(0).has("facts"));
    }

    // ---- saved plans ----

    @TempDir
    Path dir;

    @Test
    void savedPlanRoundTrip() throws Exception {
        Path f = dir.resolve("plan.json");
        Files.writeString(f, JsonReport.render("plan", INPUTS, fleet(), false));
        SavedPlan saved = SavedPlan.read(f);
        assertEquals(INPUTS, saved.inputs());
        assertEquals(List.of("web-1", "web-2", "db-1", "proxy-1"), List.copyOf(saved.changesByHost().keySet()));
        assertEquals(List.of(SOMAXCONN, BACKLOG, CREATE_FILE), saved.changesByHost().get("web-1"));
        assertEquals(List.of(), saved.changesByHost().get("web-2"));
        assertEquals(List.of(), saved.changesByHost().get("db-1"));
        assertEquals(List.of(), saved.changesByHost().get("proxy-1"));
        Change back = saved.changesByHost().get("web-1").get(2);
        assertTrue(back.creates());
        assertTrue(back.sameAs(CREATE_FILE));
    }

    @Test
    void savedPlanRoundTripOfAnUpdateAndNullInputs() throws Exception {
        Path f = dir.resolve("plan.json");
        Inputs local = new Inputs(null, List.of("/p/a.yaml", "/p/b.yaml"), null);
        Change multiline = UPDATE_FILE;
        Files.writeString(f, JsonReport.render("plan", local, List.of(outcome(Target.local(DesiredState.EMPTY),
                HostStatus.CHANGES, plan(List.of(multiline), List.of(), List.of(), List.of()), "")), false));
        SavedPlan saved = SavedPlan.read(f);
        assertEquals(local, saved.inputs());
        assertEquals(Map.of("localhost", List.of(multiline)), saved.changesByHost());
    }

    private IOException refused(String json) throws IOException {
        Path f = dir.resolve("bad.json");
        Files.writeString(f, json);
        return assertThrows(IOException.class, () -> SavedPlan.read(f));
    }

    @Test
    void wrongSchemaVersionIsRefused() throws Exception {
        String json = JsonReport.render("plan", INPUTS, fleet(), false).replace("\"schemaVersion\" : 1", "\"schemaVersion\" : 2");
        assertTrue(json.contains("\"schemaVersion\" : 2"), json);
        assertEquals(dir.resolve("bad.json") + " has plan schema version 2; this netune reads version 1:"
                + " make the plan again", refused(json).getMessage());
        assertEquals(dir.resolve("bad.json") + " has plan schema version -1; this netune reads version 1:"
                + " make the plan again", refused("{\"command\": \"plan\", \"hosts\": []}").getMessage());
    }

    @Test
    void notAPlanIsRefused() throws Exception {
        String notPlan = dir.resolve("bad.json") + " is not a netune plan file (written by `netune plan --out`)";
        assertEquals(notPlan, refused(JsonReport.render("drift", INPUTS, fleet(), false)).getMessage());
        assertEquals(notPlan, refused(JsonReport.render("apply", INPUTS, fleet(), false)).getMessage());
        assertEquals(notPlan, refused("[1, 2, 3]").getMessage());
        assertEquals(notPlan, refused("").getMessage());
        assertTrue(refused("{\"command\": \"plan\",").getMessage()
                .startsWith("cannot read plan file " + dir.resolve("bad.json") + ": "));
    }

    @Test
    void missingPlanFile() {
        Path gone = dir.resolve("gone.json");
        IOException e = assertThrows(IOException.class, () -> SavedPlan.read(gone));
        assertTrue(e.getMessage().startsWith("cannot read plan file " + gone + ": "), e.getMessage());
    }

    @Test
    void summaryCounts() {
        Summary s = Summary.of(fleet());
        assertEquals(4, s.hosts());
        assertEquals(1, s.count(HostStatus.CHANGES));
        assertEquals(1, s.count(HostStatus.OK));
        assertEquals(0, s.count(HostStatus.STALE));
        assertEquals(3, s.changes());
        assertTrue(s.anyError());
        assertFalse(Summary.of(fleet().subList(0, 2)).anyError());
        assertTrue(Summary.of(List.of(outcome(WEB1, HostStatus.STALE, null, "stale"))).anyError());
        assertFalse(Summary.of(List.of(outcome(WEB1, HostStatus.SKIPPED, null, ""))).anyError());
    }
}
