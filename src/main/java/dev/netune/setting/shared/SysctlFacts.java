package dev.netune.setting.shared;

import dev.netune.transport.ShellScript;
import dev.netune.plan.ChangeKind;
import dev.netune.fact.FactSource;
import dev.netune.fact.Section;
import dev.netune.fact.TextFact;
import dev.netune.setting.OwnedFile;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Live sysctl values of a host and the content of the persistence file netune owns there. Shared:
 * the sysctl kind plans from it, and the limits kind reads its kernel ceilings (fs.file-max,
 * fs.nr_open) through the same source id, so the host's one gather reads each sysctl once.
 */
public record SysctlFacts(Map<String, Reading> values, Optional<String> persistedFile) implements TextFact {
    /** The file the sysctl kind persists its values in; read with the live values. */
    public static final String PERSIST_FILE = "/etc/sysctl.d/99-zz-netune.conf";
    /** The fact source id and the change kind of a live sysctl value (applied by the sysctl kind). */
    public static final String KIND = "sysctl";
    public static final ChangeKind CHANGE_KIND = ChangeKind.of(KIND);

    @Override
    public String toText() {
        StringBuilder sb = new StringBuilder();
        values.forEach((k, r) -> sb.append(k).append(" = ").append(switch (r.status()) {
            case PRESENT -> SysctlValue.normalize(r.value());
            case MISSING -> "(missing)";
            case UNREADABLE -> "(unreadable: " + r.value().strip() + ")";
        }).append('\n'));
        sb.append(PERSIST_FILE).append(": ")
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

    /**
     * A key's file under /proc/sys, as the reader, the before-check and the writer open it: the
     * dots as slashes, done here so that no host process turns one into the other.
     */
    public static String procSysPath(String key) {
        return key.replace('.', '/');
    }

    /** The source reading the given keys (and the persistence file). */
    public static FactSource<SysctlFacts> source(SortedSet<String> keys) {
        return new Source(keys);
    }

    private record Source(SortedSet<String> keys) implements FactSource<SysctlFacts> {
        @Override
        public String id() {
            return KIND;
        }

        @Override
        public FactSource<SysctlFacts> mergeWith(FactSource<SysctlFacts> other) {
            SortedSet<String> all = new TreeSet<>(keys);
            all.addAll(((Source) other).keys);
            return new Source(all);
        }

        @Override
        public String script() {
            // One function, one line per key: keeps the script short for hundreds of keys.
            StringBuilder sb = new StringBuilder(ShellScript.library("sysctl-read"));
            for (String k : keys) {
                sb.append(ShellScript.call("netune_sysctl", k, procSysPath(k)));
            }
            sb.append(OwnedFile.readScript(PERSIST_FILE));
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
            return new SysctlFacts(values, OwnedFile.parse(PERSIST_FILE, sections));
        }
    }
}
