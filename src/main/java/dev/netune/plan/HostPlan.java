package dev.netune.plan;

import java.util.ArrayList;
import java.util.List;

/**
 * What one host needs: changes in apply order, no-ops with reasons, errors and warnings, and
 * {@code deferred}: settings that can only be planned once these changes are applied (IRQ
 * affinity after a channel change recreates the IRQs); apply plans and applies them right after.
 * {@code connectionRisks} name changes that can cut netune's SSH session to the host (an MTU or
 * ring change on the NIC carrying it); apply arms an on-host automatic restore for them.
 */
public record HostPlan(List<Change> changes, List<NoOp> unchanged, List<PlanError> errors, List<String> warnings,
                       List<String> deferred, List<String> connectionRisks) {
    public HostPlan {
        changes = List.copyOf(changes);
        unchanged = List.copyOf(unchanged);
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
        deferred = List.copyOf(deferred);
        connectionRisks = List.copyOf(connectionRisks);
    }

    public HostPlan(List<Change> changes, List<NoOp> unchanged, List<PlanError> errors, List<String> warnings) {
        this(changes, unchanged, errors, warnings, List.of(), List.of());
    }

    public boolean hasChanges() {
        return !changes.isEmpty();
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    /** Changes of one kind, in plan order. */
    public List<Change> changesOf(ChangeKind kind) {
        return changes.stream().filter(c -> c.is(kind)).toList();
    }

    /** Accumulates a host plan while each kind's planner runs. */
    public static final class Builder {
        private final List<Change> changes = new ArrayList<>();
        private final List<NoOp> unchanged = new ArrayList<>();
        private final List<PlanError> errors = new ArrayList<>();
        private final List<String> warnings = new ArrayList<>();
        private final List<String> deferred = new ArrayList<>();
        private final List<String> connectionRisks = new ArrayList<>();

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

        public Builder defer(String what) {
            deferred.add(what);
            return this;
        }

        /** A planned change that can cut the SSH session to the host, and why. */
        public Builder connectionRisk(String why) {
            connectionRisks.add(why);
            return this;
        }

        public HostPlan build() {
            return new HostPlan(changes, unchanged, errors, warnings, deferred, connectionRisks);
        }
    }
}
