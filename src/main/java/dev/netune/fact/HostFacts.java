package dev.netune.fact;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;

/** Everything read from one host in one execution, typed by the source that read it. */
public final class HostFacts {
    private final Map<String, Object> byId;

    HostFacts(Map<String, Object> byId) {
        this.byId = Collections.unmodifiableMap(new LinkedHashMap<>(byId));
    }

    public <T> T get(FactSource<T> source) {
        Object v = byId.get(source.id());
        if (v == null) {
            throw new NoSuchElementException("fact '" + source.id() + "' was not gathered");
        }
        @SuppressWarnings("unchecked")
        T t = (T) v;
        return t;
    }

    public boolean has(FactSource<?> source) {
        return byId.containsKey(source.id());
    }

    public HostInfo host() {
        return get(HostInfo.SOURCE);
    }

    /** All facts by source id, for the {@code facts} command's renderers. */
    public Map<String, Object> all() {
        return byId;
    }
}
