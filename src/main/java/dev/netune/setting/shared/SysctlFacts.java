package dev.netune.setting.shared;

import dev.netune.transport.ShellScript;
import dev.netune.plan.ChangeKind;
import dev.netune.fact.FactSource;
import dev.netune.fact.Section;
import dev.netune.fact.TextFact;
import dev.netune.setting.OwnedFile;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

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
    private static final String PROC_SYS = "/proc/sys/";
    /** What the shell's $(cat) drops from a file's text; compiled once, as it runs for every key read. */
    private static final Pattern TRAILING_NEWLINES = Pattern.compile("\n+$");

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
            // One call for all keys, and one process reading them however many there are.
            List<String> args = new ArrayList<>();
            for (String k : keys) {
                args.add(k);
                args.add(procSysPath(k));
            }
            return ShellScript.library("sysctl-read") + ShellScript.call("netune_sysctls", args)
                    + OwnedFile.readScript(PERSIST_FILE);
        }

        /**
         * The per-key sections ({@code missing}; {@code present} and {@code unreadable} are how
         * netune before the one-grep reader reported every key, as older captures hold), then grep's
         * lines and complaints for the keys that exist: a key with lines is present, one named by a
         * complaint unreadable, one with neither an empty file.
         */
        @Override
        public SysctlFacts parse(List<Section> sections) {
            Map<String, Reading> values = new TreeMap<>();
            Map<String, StringBuilder> lines = new HashMap<>();
            List<String> complaints = new ArrayList<>();
            boolean grepped = false;
            for (Section s : sections) {
                switch (s.kind()) {
                    case "sysctl" -> {
                        Reading.Status status = switch (s.arg(1)) {
                            case "present" -> Reading.Status.PRESENT;
                            case "unreadable" -> Reading.Status.UNREADABLE;
                            default -> Reading.Status.MISSING;
                        };
                        values.put(s.arg(0), new Reading(status, s.body()));
                    }
                    case "sysctl-lines" -> {
                        grepped = true;
                        s.body().lines().forEach(l -> {
                            int colon = l.indexOf(':', PROC_SYS.length());
                            if (l.startsWith(PROC_SYS) && colon > 0) {
                                lines.computeIfAbsent(l.substring(PROC_SYS.length(), colon), p -> new StringBuilder())
                                        .append(l, colon + 1, l.length()).append('\n');
                            }
                        });
                    }
                    case "sysctl-errors" -> complaints.addAll(s.body().lines().toList());
                    default -> {
                    }
                }
            }
            if (grepped) {
                // a file's lines: present, as the shell's $(cat) read it (without its final newlines)
                lines.forEach((path, text) -> values.putIfAbsent(keyOf(path),
                        new Reading(Reading.Status.PRESENT, TRAILING_NEWLINES.matcher(text).replaceAll(""))));
                // a complaint about a file: unreadable; one naming no file (grep itself failed) holds for the rest
                List<String> general = new ArrayList<>();
                for (String c : complaints) {
                    int at = c.indexOf(PROC_SYS);
                    int end = at < 0 ? -1 : c.indexOf(": ", at);
                    if (end > at) {
                        values.putIfAbsent(keyOf(c.substring(at + PROC_SYS.length(), end)), new Reading(Reading.Status.UNREADABLE, c));
                    } else {
                        general.add(c);
                    }
                }
                for (String k : keys) {
                    values.computeIfAbsent(k, x -> general.isEmpty() ? new Reading(Reading.Status.PRESENT, "") // an empty file
                            : new Reading(Reading.Status.UNREADABLE, String.join("\n", general)));
                }
            }
            return new SysctlFacts(values, OwnedFile.parse(PERSIST_FILE, sections));
        }

        /** The key of a file under /proc/sys: {@link #procSysPath} undone (keys hold no slash). */
        private static String keyOf(String path) {
            return path.replace('/', '.');
        }
    }
}
