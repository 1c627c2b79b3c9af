package dev.netune.plan;

/** What a change does to its target: the closed set every renderer and format shows. */
public enum Action {
    /** The target does not exist yet ({@code before} is null). */
    CREATE,
    /** The target exists and gets another value. */
    UPDATE,
    /** The target is removed ({@code after} is null), e.g. a file netune owns that is no longer wanted. */
    DELETE;

    /** The action a before/after pair means: null before creates, null after deletes. */
    public static Action of(String before, String after) {
        if (before == null && after == null) {
            throw new IllegalArgumentException("a change needs a before or an after value");
        }
        return before == null ? CREATE : after == null ? DELETE : UPDATE;
    }
}
