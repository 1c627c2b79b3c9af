package dev.netune.report;

import dev.netune.profile.IoErrors;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Merges the JSON reports of shards ({@code --shard I/N}) of one command into one report, as if
 * one controller had run it: hosts in shard order, the summary recounted.
 */
public final class ReportMerge {
    private ReportMerge() {
    }

    /** The merged document; refuses reports of different commands, schema versions or overlapping hosts. */
    public static String merge(List<Path> files) throws IOException {
        ObjectNode merged = null;
        ArrayNode hosts = null;
        Set<String> seen = new HashSet<>();
        Map<String, Integer> counts = new TreeMap<>();
        int totalChanges = 0;
        for (Path f : files) {
            JsonNode doc;
            try {
                doc = Json.MAPPER.readTree(Files.readString(f));
            } catch (IOException e) {
                throw new IOException("cannot read report " + f + ": " + IoErrors.reason(e), e);
            }
            if (doc == null || !doc.has("schemaVersion") || !doc.has("hosts")) {
                throw new IOException(f + " is not a netune JSON report (--format json)");
            }
            if (doc.path("schemaVersion").asInt() != JsonReport.SCHEMA_VERSION) {
                throw new IOException(f + " has schema version " + doc.path("schemaVersion").asInt() + "; expected "
                        + JsonReport.SCHEMA_VERSION);
            }
            if (merged == null) {
                merged = Json.MAPPER.createObjectNode();
                merged.put("schemaVersion", JsonReport.SCHEMA_VERSION);
                BuildInfo.current().addTo(merged); // the merged document is this netune's
                merged.put("command", doc.path("command").asText());
                merged.set("inputs", doc.path("inputs"));
                hosts = merged.putArray("hosts");
            } else if (!merged.path("command").asText().equals(doc.path("command").asText())) {
                throw new IOException(f + " is a " + doc.path("command").asText() + " report; the others are "
                        + merged.path("command").asText());
            }
            for (JsonNode h : doc.path("hosts")) {
                String name = h.path("name").asText();
                if (!seen.add(name)) {
                    throw new IOException("host " + name + " is in more than one report (" + f + "): shards overlap");
                }
                hosts.add(h);
                counts.merge(h.path("status").asText(), 1, Integer::sum);
                String status = h.path("status").asText();
                if (status.equals("changes") || status.equals("changed")) {
                    totalChanges += h.path("changes").size();
                }
            }
        }
        if (merged == null) {
            throw new IOException("no reports to merge");
        }
        ObjectNode summary = merged.putObject("summary");
        summary.put("hosts", hosts.size());
        for (Iterator<String> it = List.of("ok", "changes", "changed", "failed", "unreachable", "stale", "skipped")
                .iterator(); it.hasNext();) {
            String s = it.next();
            summary.put(s.toLowerCase(Locale.ROOT), counts.getOrDefault(s, 0));
        }
        summary.put("totalChanges", totalChanges);
        return Json.MAPPER.writeValueAsString(merged) + "\n";
    }
}
