package dev.netune.setting.shared;

import dev.netune.setting.PlanContext;
import java.util.Map;

/** The keys of the values kinds share through the {@link PlanContext}, and their types. */
public final class Shared {
    /** The sysctls the profile wants under {@code sysctl:} (shared by the sysctl kind). */
    public static final PlanContext.Key<WantedSysctls> WANTED_SYSCTLS =
            new PlanContext.Key<>("wanted-sysctls", WantedSysctls.class);
    /** What the profile does to irqbalance (shared by the irqbalance kind). */
    public static final PlanContext.Key<IrqbalanceIntent> IRQBALANCE =
            new PlanContext.Key<>("irqbalance", IrqbalanceIntent.class);

    /**
     * Whether the profile's nics rules set a root qdisc per NIC (shared by the nics kind): the
     * sysctl kind's note on net.core.default_qdisc, which existing devices ignore, points at it.
     */
    public static final PlanContext.Key<Boolean> NIC_QDISC = new PlanContext.Key<>("nic-qdisc", Boolean.class);

    private Shared() {
    }

    /** Sysctl key to wanted value. */
    public record WantedSysctls(Map<String, String> values) {
        public WantedSysctls {
            values = Map.copyOf(values);
        }
    }
}
