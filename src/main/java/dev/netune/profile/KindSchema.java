package dev.netune.profile;

import java.util.Optional;

/**
 * How one kind of setting appears in a profile: its top-level key, its loader and its merge.
 *
 * <p>Implemented by each {@code setting/<kind>} package; the profile loader only dispatches,
 * so adding a kind never touches this package.
 *
 * @param <D> the kind's validated desired state
 */
public interface KindSchema<D> {

    /** The profile's top-level key, e.g. {@code sysctl}. */
    String key();

    /** Validates the node; reports every problem on the node and returns empty if there were any. */
    Optional<D> load(YamlNode node);

    /**
     * Further top-level keys this kind reads, as shorthand for part of its state (e.g. the sysctl
     * kind reads {@code softirq: {budget: 600}} as {@code net.core.netdev_budget}).
     */
    default java.util.List<String> shorthandKeys() {
        return java.util.List.of();
    }

    /** Loads one of {@link #shorthandKeys()}; called only for those keys. */
    default Optional<D> loadShorthand(String key, YamlNode node) {
        throw new UnsupportedOperationException(key);
    }

    /**
     * A line {@code netune explain} adds under one of this kind's settings ({@code name} as explain
     * shows it, {@code value} as written), such as the kernel's default; empty when there is none.
     */
    default Optional<String> explain(String name, String value) {
        return Optional.empty();
    }

    /** Combines two desired states of this kind; {@code override} wins per key. */
    D merge(D base, D override);
}
