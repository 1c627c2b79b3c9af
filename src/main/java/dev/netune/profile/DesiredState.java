package dev.netune.profile;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The desired state of a host (or of one profile): one validated value per kind of setting. */
public final class DesiredState {
    public static final DesiredState EMPTY = new DesiredState(Map.of());

    private final Map<KindSchema<?>, Object> byKind;

    private DesiredState(Map<KindSchema<?>, Object> byKind) {
        this.byKind = Collections.unmodifiableMap(new LinkedHashMap<>(byKind));
    }

    public <D> Optional<D> get(KindSchema<D> kind) {
        @SuppressWarnings("unchecked")
        D value = (D) byKind.get(kind);
        return Optional.ofNullable(value);
    }

    public <D> DesiredState with(KindSchema<D> kind, D value) {
        Map<KindSchema<?>, Object> copy = new LinkedHashMap<>(byKind);
        copy.put(kind, value);
        return new DesiredState(copy);
    }

    public boolean isEmpty() {
        return byKind.isEmpty();
    }

    /** This state with {@code later} laid over it, kind by kind; later wins per key. */
    public DesiredState overlay(DesiredState later) {
        DesiredState result = this;
        for (KindSchema<?> kind : later.byKind.keySet()) {
            result = result.overlayKind(kind, later);
        }
        return result;
    }

    private <D> DesiredState overlayKind(KindSchema<D> kind, DesiredState later) {
        D over = later.get(kind).orElseThrow();
        D merged = get(kind).map(base -> kind.merge(base, over)).orElse(over);
        return with(kind, merged);
    }
}
