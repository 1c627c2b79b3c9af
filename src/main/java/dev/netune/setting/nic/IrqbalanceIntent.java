package dev.netune.setting.nic;

import dev.netune.fact.CpuSet;

/**
 * What the profile being planned does to irqbalance: stop it, or keep it off some CPUs. Pinning
 * IRQs while irqbalance keeps running over those CPUs would be undone within seconds.
 */
record IrqbalanceIntent(boolean stopped, CpuSet banned) {
    static final IrqbalanceIntent UNCHANGED = new IrqbalanceIntent(false, CpuSet.empty());

    /** Whether IRQs pinned to {@code cpus} stay where netune puts them. */
    boolean leavesAlone(CpuSet cpus) {
        return stopped || (!banned.isEmpty() && cpus.isSubsetOf(banned));
    }
}
