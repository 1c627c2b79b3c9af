package dev.netune.report;

import dev.netune.profile.IoErrors;
import com.fasterxml.jackson.databind.JsonNode;
import dev.netune.plan.Change;
import dev.netune.plan.ChangeKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A plan written by {@code plan --out}, read back for {@code apply PLANFILE}. */
public record SavedPlan(Inputs inputs, Map<String, List<Change>> changesByHost) {

    public static SavedPlan read(Path file) throws IOException {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new IOException("cannot read plan file " + file + ": " + IoErrors.reason(e), e);
        }
        if (root == null || !root.path("command").asText().equals("plan")) {
            throw new IOException(file + " is not a netune plan file (written by `netune plan --out`)");
        }
        int version = root.path("schemaVersion").asInt(-1);
        if (version != JsonReport.SCHEMA_VERSION) {
            throw new IOException(file + " has plan schema version " + version + "; this netune reads version "
                    + JsonReport.SCHEMA_VERSION + ": make the plan again");
        }
        Inputs inputs = Json.MAPPER.treeToValue(root.path("inputs"), Inputs.class);
        Map<String, List<Change>> byHost = new LinkedHashMap<>();
        for (JsonNode h : root.path("hosts")) {
            List<Change> changes = new ArrayList<>();
            for (JsonNode c : h.path("changes")) {
                List<String> notes = new ArrayList<>();
                c.path("notes").forEach(n -> notes.add(n.asText()));
                try {
                    changes.add(new Change(ChangeKind.of(c.path("kind").asText()), c.path("target").asText(),
                            c.path("before").isNull() ? null : c.path("before").asText(),
                            c.path("after").isNull() ? null : c.path("after").asText(), notes));
                } catch (IllegalArgumentException e) {
                    throw new IOException(file + " holds a change netune cannot have planned: " + e.getMessage(), e);
                }
            }
            byHost.put(h.path("name").asText(), changes);
        }
        return new SavedPlan(inputs, byHost);
    }
}
