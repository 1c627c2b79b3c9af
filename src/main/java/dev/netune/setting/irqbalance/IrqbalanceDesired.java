package dev.netune.setting.irqbalance;

import dev.netune.fact.CpuSet;
import java.util.Optional;

/**
 * The profile's {@code irqbalance:} block: whether the service runs, and which CPUs it must never
 * place IRQs on (only when it runs).
 */
public record IrqbalanceDesired(boolean enabled, Optional<CpuSet> bannedCpus) {
    public IrqbalanceDesired {
        if (!enabled && bannedCpus.isPresent()) {
            throw new IllegalArgumentException("bannedCpus needs enabled: true");
        }
    }
}
