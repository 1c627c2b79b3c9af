package dev.netune.engine;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netune.inventory.LocalHostName;
import dev.netune.plan.Change;
import dev.netune.plan.ChangeKind;
import dev.netune.text.JsonText;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The before-values of everything one apply touched on a host, saved on that host under
 * {@link #DIR} before anything is changed, so that {@code netune rollback} can return to them.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Snapshot(String id, String time, String by, List<Change> changes) {
    public static final String DIR = "/var/lib/netune/snapshots";
    /** How many snapshots a host keeps; older ones are removed by the apply that adds one. */
    public static final int KEEP = 20;

    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    public Snapshot {
        changes = List.copyOf(changes);
    }

    /** A new snapshot of the plan's changes; the id names the controller's time (hosts order snapshots by their own clock). */
    static Snapshot of(List<Change> changes, String by) {
        Instant now = Instant.now();
        String id = ID_TIME.format(now) + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
        return new Snapshot(id, now.toString(), by, changes);
    }

    public String path() {
        return DIR + "/" + id + ".json";
    }

    /**
     * A change as snapshots on hosts hold it: the kind by name and no action (it follows from
     * which value is absent), so snapshots written by earlier versions still read.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    private record Saved(String kind, String target, String before, String after, List<String> notes) {
        Change change() {
            return new Change(ChangeKind.of(kind), target, before, after, notes == null ? List.of() : notes);
        }
    }

    /** Jackson, made on the first read (rollback, drift's snapshot listing), not when an apply writes one. */
    private static final class Reader {
        static final ObjectMapper JSON = new ObjectMapper();
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    private record Wire(String id, String time, String by, List<Saved> changes) {
    }

    /**
     * One line of JSON: the apply script writes it with one quoted printf argument. Written by
     * {@link JsonText}, not Jackson, which an apply would otherwise load for this alone; the
     * same text as Jackson's (SnapshotTest), and read back by Jackson in {@link #fromJson}.
     */
    String toJson() {
        List<String> saved = changes.stream().map(c -> JsonText.object().field("kind", c.kind().name())
                .field("target", c.target()).field("before", c.before()).field("after", c.after())
                .field("notes", c.notes()).close()).toList();
        return JsonText.object().field("id", id).field("time", time).field("by", by).objects("changes", saved).close();
    }

    static Snapshot fromJson(String json) throws JsonProcessingException {
        Wire w = Reader.JSON.readValue(json, Wire.class);
        try {
            return new Snapshot(w.id(), w.time(), w.by(),
                    w.changes() == null ? List.of() : w.changes().stream().map(Saved::change).toList());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new com.fasterxml.jackson.databind.JsonMappingException(null, "not a snapshot netune wrote: " + e.getMessage(), e);
        }
    }

    /** Who applies: "user@controller", recorded in snapshots and in the host lock. */
    static String controller() {
        String host = LocalHostName.get();
        // it lands in comments of root scripts on the hosts: keep it to one line of plain characters
        return (System.getProperty("user.name") + "@" + host).replaceAll("[^A-Za-z0-9@._+-]", "?");
    }
}
