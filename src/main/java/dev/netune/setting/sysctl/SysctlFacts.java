package dev.netune.setting.sysctl;

import dev.netune.fact.FactSource;
import dev.netune.fact.Section;
import dev.netune.fact.TextFact;
import dev.netune.setting.OwnedFile;
import dev.netune.transport.Shell;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/** Live sysctl values of a host and the content of the persistence file netune owns there. */
public record SysctlFacts(Map<String, Reading> values, Optional<String> persistedFile) implements TextFact {

    @Override
    public String toText() {
        StringBuilder sb = new StringBuilder();
        values.forEach((k, r) -> sb.append(k).append(" = ").append(switch (r.status()) {
            case PRESENT -> SysctlValue.normalize(r.value());
            case MISSING -> "(missing)";
            case UNREADABLE -> "(unreadable: " + r.value().strip() + ")";
        }).append('\n'));
        sb.append(SysctlKind.PERSIST_FILE).append(": ")
                .append(persistedFile.map(f -> "present, " + f.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).count()
                        + " setting(s)").orElse("absent")).append('\n');
        return sb.toString();
    }

    /** One sysctl as read: present with a value, missing on this kernel, or unreadable. */
    public record Reading(Status status, String value) {
        public enum Status { PRESENT, MISSING, UNREADABLE }
    }

    public SysctlFacts {
        values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    /** The source reading the given keys (and the persistence file). */
    static FactSource<SysctlFacts> source(SortedSet<String> keys) {
        return new Source(keys);
    }

    private record Source(SortedSet<String> keys) implements FactSource<SysctlFacts> {
        @Override
        public String id() {
            return "sysctl";
        }

        @Override
        public FactSource<SysctlFacts> mergeWith(FactSource<SysctlFacts> other) {
            SortedSet<String> all = new TreeSet<>(keys);
            all.addAll(((Source) other).keys);
            return new Source(all);
        }

        @Override
        public String script() {
            StringBuilder sb = new StringBuilder();
            // One function, one line per key: keeps the script short for hundreds of keys.
            sb.append("""
                    netune_sysctl() {
                      f="/proc/sys/$(printf '%s' "$1" | tr . /)"
                      if [ ! -e "$f" ]; then echo "@@netune sysctl $1 missing"
                      elif v=$(cat "$f" 2>&1); then echo "@@netune sysctl $1 present"; printf '%s\\n' "$v"
                      else echo "@@netune sysctl $1 unreadable"; printf '%s\\n' "$v"; fi
                    }
                    """);
            for (String k : keys) {
                sb.append("netune_sysctl ").append(Shell.quote(k)).append('\n');
            }
            sb.append(OwnedFile.readScript(SysctlKind.PERSIST_FILE));
            return sb.toString();
        }

        @Override
        public SysctlFacts parse(List<Section> sections) {
            Map<String, Reading> values = new TreeMap<>();
            for (Section s : sections) {
                if (s.kind().equals("sysctl")) {
                    Reading.Status status = switch (s.arg(1)) {
                        case "present" -> Reading.Status.PRESENT;
                        case "unreadable" -> Reading.Status.UNREADABLE;
                        default -> Reading.Status.MISSING;
                    };
                    values.put(s.arg(0), new Reading(status, s.body()));
                }
            }
            return new SysctlFacts(values, OwnedFile.parse(SysctlKind.PERSIST_FILE, sections));
        }
    }
}
