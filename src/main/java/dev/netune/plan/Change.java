package dev.netune.plan;

import java.util.List;

/**
 * One typed change of one setting on one host: the value read from the host and the value wanted.
 *
 * <p>{@code kind} names the setting kind that plans and applies it, {@code target} what is
 * changed within that kind (a sysctl key, a file path, "eth0 ring rx"). {@code before} is
 * {@code null} when the thing does not exist yet (a file netune will create); {@code after} is
 * {@code null} when it is to be removed (rollback of a file netune created).
 */
public record Change(String kind, String target, String before, String after, List<String> notes) {
    public Change {
        notes = List.copyOf(notes);
    }

    public Change(String kind, String target, String before, String after) {
        this(kind, target, before, after, List.of());
    }

    /** Whether the change removes something (a file netune owns, on rollback). */
    public boolean removes() {
        return after == null;
    }

    /** Whether the change creates something rather than updating it. */
    public boolean creates() {
        return before == null;
    }

    /** Same kind, target, before and after: the test a saved plan must pass to still apply. */
    public boolean sameAs(Change other) {
        return kind.equals(other.kind) && target.equals(other.target)
                && java.util.Objects.equals(before, other.before) && java.util.Objects.equals(after, other.after);
    }
}
