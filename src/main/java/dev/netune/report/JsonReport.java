package dev.netune.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netune.engine.HostOutcome;
import dev.netune.engine.HostStatus;
import dev.netune.plan.Change;
import dev.netune.plan.NoOp;
import dev.netune.plan.PlanError;
import dev.netune.setting.ChangeResult;
import java.util.List;
import java.util.Locale;

/**
 * The machine rendering: one JSON document per command with a versioned schema. A saved plan
 * ({@code plan --out}) is this document for the {@code plan} command.
 */
public final class JsonReport {
    /** Bumped on any incompatible change of the document's shape. */
    public static final int SCHEMA_VERSION = 1;

    private JsonReport() {
    }

    public static String render(String command, Inputs inputs, List<HostOutcome> outcomes, boolean withFacts) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("schemaVersion", SCHEMA_VERSION);
        BuildInfo.current().addTo(root);
        root.put("command", command);
        root.set("inputs", Json.MAPPER.valueToTree(inputs));
        ArrayNode hosts = root.putArray("hosts");
        for (HostOutcome o : outcomes) {
            ObjectNode h = hosts.addObject();
            h.put("name", o.target().name());
            h.put("address", o.target().address());
            h.put("status", o.status().name().toLowerCase(Locale.ROOT));
            h.put("message", o.message());
            if (o.plan() != null && !command.equals("facts")) {
                ArrayNode changes = h.putArray("changes");
                for (Change c : o.plan().changes()) {
                    ObjectNode cn = changes.addObject();
                    cn.put("kind", c.kind());
                    cn.put("target", c.target());
                    cn.put("action", c.removes() ? "delete" : c.creates() ? "create" : "update");
                    cn.put("before", c.before());
                    cn.put("after", c.after());
                    cn.set("notes", Json.MAPPER.valueToTree(c.notes()));
                }
                ArrayNode unchanged = h.putArray("unchanged");
                for (NoOp n : o.plan().unchanged()) {
                    unchanged.add(Json.MAPPER.valueToTree(n));
                }
                ArrayNode errors = h.putArray("errors");
                for (PlanError e : o.plan().errors()) {
                    errors.add(Json.MAPPER.valueToTree(e));
                }
                h.set("warnings", Json.MAPPER.valueToTree(o.plan().warnings()));
                h.set("deferred", Json.MAPPER.valueToTree(o.plan().deferred()));
                h.set("connectionRisks", Json.MAPPER.valueToTree(o.plan().connectionRisks()));
            }
            if (!o.results().isEmpty()) {
                ArrayNode results = h.putArray("results");
                for (ChangeResult r : o.results()) {
                    ObjectNode rn = results.addObject();
                    rn.put("kind", r.change().kind());
                    rn.put("target", r.change().target());
                    rn.put("ok", r.ok());
                    rn.put("actual", r.actual());
                    rn.put("message", r.message());
                }
            }
            if (withFacts && o.facts() != null) {
                h.set("facts", Json.MAPPER.valueToTree(o.facts().all()));
            }
        }
        Summary s = Summary.of(outcomes);
        ObjectNode sum = root.putObject("summary");
        sum.put("hosts", s.hosts());
        for (HostStatus st : HostStatus.values()) {
            sum.put(st.name().toLowerCase(Locale.ROOT), s.count(st));
        }
        sum.put("totalChanges", s.changes());
        try {
            return Json.MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render JSON", e);
        }
    }
}
