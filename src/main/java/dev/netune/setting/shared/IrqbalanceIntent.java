package dev.netune.setting.shared;

import dev.netune.fact.CpuSet;

/**
 * What the profile being planned does to irqbalance: stop it, or keep it off some CPUs. Pinning
 * IRQs while irqbalance keeps running over those CPUs would be undone within seconds.
 */
public record IrqbalanceIntent(boolean stopped, CpuSet banned) {
    public static final IrqbalanceIntent UNCHANGED = new IrqbalanceIntent(false, CpuSet.empty());

    /** Whether IRQs pinned to {@code cpus} stay where netune puts them. */
    public boolean leavesAlone(CpuSet cpus) {
        return stopped || (!banned.isEmpty() && cpus.isSubsetOf(banned));
    }
}
