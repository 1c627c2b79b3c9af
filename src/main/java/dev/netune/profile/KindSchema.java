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

    /** Combines two desired states of this kind; {@code override} wins per key. */
    D merge(D base, D override);
}
