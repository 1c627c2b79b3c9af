package dev.netune.fact;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gather step: the sources a plan needs, joined into one script, and the parse of its output.
 */
public final class Gather {
    private final Map<String, FactSource<?>> sources = new LinkedHashMap<>();

    public Gather() {
        add(HostInfo.SOURCE);
    }

    /** Adds a source; one with the same id is merged with it (e.g. more sysctl keys). */
    public <T> Gather add(FactSource<T> source) {
        @SuppressWarnings("unchecked")
        FactSource<T> existing = (FactSource<T>) sources.get(source.id());
        sources.put(source.id(), existing == null ? source : existing.mergeWith(source));
        return this;
    }

    /** The single script run on the host. It always ends with a marker so truncation shows. */
    public String script() {
        StringBuilder sb = new StringBuilder();
        // LC_ALL=C: tools print the English, dot-decimal output the parsers know.
        sb.append("export LC_ALL=C\nPATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH\n");
        for (FactSource<?> s : sources.values()) {
            String part = s.script(); // built anew on each call: once a source
            sb.append(part);
            if (!part.endsWith("\n")) {
                sb.append('\n');
            }
        }
        sb.append(GatherOutput.markerCommand("end")).append('\n');
        return sb.toString();
    }

    /** Parses the output; throws if the end marker is missing (the script did not finish). */
    public HostFacts parse(String stdout) throws IncompleteFactsException {
        List<Section> sections = GatherOutput.split(stdout);
        if (sections.isEmpty() || !sections.get(sections.size() - 1).kind().equals("end")) {
            throw new IncompleteFactsException("fact-gathering script did not finish (no end marker)");
        }
        Map<String, Object> parsed = new LinkedHashMap<>();
        List<Section> all = new ArrayList<>(sections);
        for (FactSource<?> s : sources.values()) {
            parsed.put(s.id(), s.parse(all));
        }
        return new HostFacts(parsed);
    }

    /** Raised when the gather output is cut short. */
    public static final class IncompleteFactsException extends Exception {
        public IncompleteFactsException(String message) {
            super(message);
        }
    }
}
