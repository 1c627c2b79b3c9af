package dev.netune.engine;

import dev.netune.transport.ShellScript;
import dev.netune.fact.FactSource;
import dev.netune.fact.Section;
import dev.netune.fact.TextFact;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The snapshots a host keeps under {@link Snapshot#DIR}, newest first by the host's own clock
 * (the files' modification times): ids carry the time of the controller that applied, and
 * controllers' clocks differ. Readable only as root.
 */
public record SnapshotFacts(List<Snapshot> snapshots, Optional<String> error) implements TextFact {
    public SnapshotFacts {
        snapshots = List.copyOf(snapshots);
    }

    static final FactSource<SnapshotFacts> SOURCE = new FactSource<>() {
        @Override
        public String id() {
            return "snapshots";
        }

        @Override
        public String script() {
            return ShellScript.library("snapshots") + ShellScript.call("netune_snapshots", Snapshot.DIR);
        }

        @Override
        public SnapshotFacts parse(List<Section> sections) {
            List<Snapshot> out = new ArrayList<>();
            Optional<String> error = Optional.empty();
            for (Section s : sections) {
                if (!s.kind().equals("snapshots")) {
                    continue;
                }
                for (String line : s.body().split("\n")) {
                    if (line.startsWith("unreadable")) {
                        error = Optional.of(line);
                    } else if (line.startsWith("{")) {
                        try {
                            out.add(Snapshot.fromJson(line));
                        } catch (Exception e) {
                            error = Optional.of("a snapshot file is not valid JSON: " + e.getMessage());
                        }
                    }
                }
            }
            // the host listed them newest first by its own clock; an id says only the controller's
            return new SnapshotFacts(out, error);
        }
    };

    @Override
    public String toText() {
        if (error.isPresent()) {
            return error.get() + "\n";
        }
        if (snapshots.isEmpty()) {
            return "no snapshots\n";
        }
        StringBuilder sb = new StringBuilder();
        for (Snapshot s : snapshots) {
            sb.append(s.id()).append("  ").append(s.time()).append("  by ").append(s.by()).append("  ")
                    .append(s.changes().size()).append(" change(s): ")
                    .append(String.join(", ", s.changes().stream().map(c -> c.kind() + " " + c.target()).limit(4).toList()))
                    .append(s.changes().size() > 4 ? ", ..." : "").append('\n');
        }
        return sb.toString();
    }
}
