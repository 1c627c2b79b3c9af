package dev.netune.plan;

import java.util.List;
import java.util.Objects;

/**
 * One typed change of one setting on one host: the value read from the host and the value wanted.
 *
 * <p>{@code kind} names the setting kind that plans and applies it, {@code target} what is
 * changed within that kind (a sysctl key, a file path, "eth0 ring rx"). {@code action} says what
 * happens and is held to the values: {@link Action#CREATE} has no {@code before} (a file netune
 * will create), {@link Action#DELETE} no {@code after} (a file netune removes), {@link Action#UPDATE}
 * both.
 */
public record Change(ChangeKind kind, String target, Action action, String before, String after, List<String> notes) {
    public Change {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(action, "action");
        if (action != Action.of(before, after)) {
            throw new IllegalArgumentException(action + " " + kind + " " + target + " with before "
                    + (before == null ? "absent" : "present") + " and after " + (after == null ? "absent" : "present"));
        }
        notes = List.copyOf(notes);
    }

    /** The change from {@code before} to {@code after}; its action follows from which is absent. */
    public Change(ChangeKind kind, String target, String before, String after, List<String> notes) {
        this(kind, target, Action.of(before, after), before, after, notes);
    }

    public Change(ChangeKind kind, String target, String before, String after) {
        this(kind, target, before, after, List.of());
    }

    /** Whether the change removes something (a file netune owns, on rollback or when no longer wanted). */
    public boolean removes() {
        return action == Action.DELETE;
    }

    /** Whether the change creates something rather than updating it. */
    public boolean creates() {
        return action == Action.CREATE;
    }

    /** Whether this change is of kind {@code k}. */
    public boolean is(ChangeKind k) {
        return kind.equals(k);
    }

    /** Same kind, target, before and after: the test a saved plan must pass to still apply. */
    public boolean sameAs(Change other) {
        return kind.equals(other.kind) && target.equals(other.target)
                && Objects.equals(before, other.before) && Objects.equals(after, other.after);
    }
}
