package dev.netune.fact;

import java.util.List;

/**
 * A fact: a shell fragment that prints marked sections, plus a pure parser of those sections.
 *
 * <p>Fragments of all sources needed by a plan are joined into one script and run once per
 * host. A fragment must never make the whole script fail: it reports its own errors inside its
 * sections.
 *
 * @param <T> the parsed fact
 */
public interface FactSource<T> {

    /** Stable identity; two sources with the same id are merged (see {@link #mergeWith}). */
    String id();

    /** The POSIX sh fragment. */
    String script();

    /** Parses this source's sections out of all sections printed by the gather script. */
    T parse(List<Section> sections);

    /**
     * Combines this source with another of the same id into one that reads both (for example
     * two sysctl sources with different keys). The default assumes identical sources.
     */
    default FactSource<T> mergeWith(FactSource<T> other) {
        return this;
    }
}
