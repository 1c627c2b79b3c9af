package dev.netune.setting;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one host's plan knows beyond a kind's own desired state: values that kinds share with
 * each other by typed key (the sysctls the profile wants, what it does to irqbalance). A kind
 * reads another kind's intent only here, never through the other kind's class or the registry.
 */
public final class PlanContext {
    public static final PlanContext EMPTY = new PlanContext(Map.of());

    private final Map<Key<?>, Object> values;

    private PlanContext(Map<Key<?>, Object> values) {
        this.values = Map.copyOf(values);
    }

    /**
     * A typed name of a shared value; equal by name and type. Its equals and hashCode are written
     * out (STYLE.md, "Start-up"): every plan uses a key as a map key.
     */
    public record Key<T>(String name, Class<T> type) {
        public Key {
            Objects.requireNonNull(name);
            Objects.requireNonNull(type);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key<?> k && name.equals(k.name) && type.equals(k.type);
        }

        @Override
        public int hashCode() {
            return 31 * name.hashCode() + type.hashCode();
        }
    }

    public <T> Optional<T> get(Key<T> key) {
        return Optional.ofNullable(values.get(key)).map(key.type()::cast);
    }

    /** Collects the values each kind shares before any kind plans. */
    public static final class Builder {
        private final Map<Key<?>, Object> values = new LinkedHashMap<>();

        public <T> Builder put(Key<T> key, T value) {
            if (values.putIfAbsent(key, key.type().cast(Objects.requireNonNull(value))) != null) {
                throw new IllegalStateException("shared twice: " + key.name());
            }
            return this;
        }

        public PlanContext build() {
            return new PlanContext(values);
        }
    }
}
