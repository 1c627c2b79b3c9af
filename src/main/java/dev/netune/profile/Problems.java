package dev.netune.profile;

import java.util.ArrayList;
import java.util.List;

/** Collects every problem found while loading, so that users see them all at once. */
public final class Problems {
    private final List<Problem> list = new ArrayList<>();

    /** Adds a problem; the same problem found twice (a node read twice) is kept once. */
    public void add(Problem p) {
        if (!list.contains(p)) {
            list.add(p);
        }
    }

    public boolean isEmpty() {
        return list.isEmpty();
    }

    public List<Problem> list() {
        return List.copyOf(list);
    }

    /** Throws if anything was collected. */
    public void throwIfAny() throws ValidationException {
        if (!list.isEmpty()) {
            List<Problem> sorted = new ArrayList<>(list);
            // in reading order, as an editor would list them
            sorted.sort(java.util.Comparator.comparing((Problem p) -> String.valueOf(p.file()))
                    .thenComparingInt(Problem::line).thenComparingInt(Problem::column));
            throw new ValidationException(sorted);
        }
    }
}
