package dev.netune.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netune.engine.HostOutcome;
import dev.netune.engine.HostStatus;
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

    /** No-ops and errors: kind, target, and their text under {@code textKey}. */
    private static void items(ArrayNode out, List<PlanView.ItemView> items, String textKey) {
        for (PlanView.ItemView i : items) {
            ObjectNode n = out.addObject();
            n.put("kind", i.kind());
            n.put("target", i.target());
            n.put(textKey, i.text());
        }
    }

    public static String render(String command, Inputs inputs, List<HostOutcome> outcomes, boolean withFacts) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("schemaVersion", SCHEMA_VERSION);
        BuildInfo.current().addTo(root);
        root.put("command", command);
        root.set("inputs", Json.MAPPER.valueToTree(inputs));
        ArrayNode hosts = root.putArray("hosts");
        PlanView view = PlanView.of(outcomes);
        for (PlanView.HostView hv : view.hosts()) {
            HostOutcome o = hv.outcome();
            ObjectNode h = hosts.addObject();
            h.put("name", o.target().name());
            h.put("address", o.target().address());
            h.put("status", o.status().name().toLowerCase(Locale.ROOT));
            h.put("message", o.message());
            if (hv.plan().isPresent() && !command.equals("facts")) {
                PlanView.PlanPart p = hv.plan().get();
                ArrayNode changes = h.putArray("changes");
                for (PlanView.ChangeView c : p.changes()) {
                    ObjectNode cn = changes.addObject();
                    cn.put("kind", c.kind());
                    cn.put("target", c.target());
                    cn.put("action", c.action().name().toLowerCase(Locale.ROOT));
                    cn.put("before", c.before());
                    cn.put("after", c.after());
                    cn.set("notes", Json.MAPPER.valueToTree(c.notes()));
                }
                items(h.putArray("unchanged"), p.unchanged(), "reason");
                items(h.putArray("errors"), p.errors(), "message");
                h.set("warnings", Json.MAPPER.valueToTree(p.warnings()));
                h.set("deferred", Json.MAPPER.valueToTree(p.deferred()));
                h.set("connectionRisks", Json.MAPPER.valueToTree(p.connectionRisks()));
            }
            if (!hv.results().isEmpty()) {
                ArrayNode results = h.putArray("results");
                for (PlanView.ResultView r : hv.results()) {
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
        Summary s = view.summary();
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
