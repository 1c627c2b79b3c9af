package dev.netune.plan;

import java.util.ArrayList;
import java.util.List;

/** What one host needs: changes in apply order, no-ops with reasons, errors and warnings. */
public record HostPlan(List<Change> changes, List<NoOp> unchanged, List<PlanError> errors, List<String> warnings) {
    public HostPlan {
        changes = List.copyOf(changes);
        unchanged = List.copyOf(unchanged);
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
    }

    public boolean hasChanges() {
        return !changes.isEmpty();
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    /** Changes of one kind, in plan order. */
    public List<Change> changesOf(String kind) {
        return changes.stream().filter(c -> c.kind().equals(kind)).toList();
    }

    /** Accumulates a host plan while each kind's planner runs. */
    public static final class Builder {
        private final List<Change> changes = new ArrayList<>();
        private final List<NoOp> unchanged = new ArrayList<>();
        private final List<PlanError> errors = new ArrayList<>();
        private final List<String> warnings = new ArrayList<>();

        public Builder change(Change c) {
            changes.add(c);
            return this;
        }

        public Builder noop(NoOp n) {
            unchanged.add(n);
            return this;
        }

        public Builder error(PlanError e) {
            errors.add(e);
            return this;
        }

        public Builder warning(String w) {
            warnings.add(w);
            return this;
        }

        public HostPlan build() {
            return new HostPlan(changes, unchanged, errors, warnings);
        }
    }
}
