package dev.netune.engine;

import dev.netune.fact.HostFacts;
import dev.netune.plan.HostPlan;
import dev.netune.setting.ChangeResult;
import java.util.List;

/**
 * The result for one host of one command: status, its plan, apply results and a message.
 * {@code facts} and {@code plan} are null when the host could not be read.
 */
public record HostOutcome(Target target, HostStatus status, HostFacts facts, HostPlan plan,
                          List<ChangeResult> results, String message) {
    public HostOutcome {
        results = List.copyOf(results);
    }

    static HostOutcome failed(Target target, HostStatus status, String message) {
        return new HostOutcome(target, status, null, null, List.of(), message);
    }

    HostOutcome with(HostStatus newStatus, List<ChangeResult> newResults, String newMessage) {
        return new HostOutcome(target, newStatus, facts, plan, newResults, newMessage);
    }
}
