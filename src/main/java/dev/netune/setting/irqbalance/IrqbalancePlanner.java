package dev.netune.setting.irqbalance;

import dev.netune.plan.ChangeKind;
import dev.netune.fact.CpuSet;
import dev.netune.plan.Change;
import dev.netune.plan.HostPlan;
import dev.netune.plan.NoOp;
import dev.netune.plan.PlanError;
import dev.netune.setting.OwnedFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Desired irqbalance state + facts -> changes, no-ops and errors (pure). */
final class IrqbalancePlanner {
    private static final ChangeKind KIND = IrqbalanceKind.KIND;
    private static final ChangeKind DROP_IN_KIND = IrqbalanceKind.DROP_IN_KIND;
    private static final String DROP_IN = IrqbalanceKind.DROP_IN;
    private static final String BANNED_TARGET = "bannedCpus";
    /** States in which the daemon is not running. */
    private static final Set<String> STOPPED = Set.of("inactive", "failed");
    /** States in which it will not start at boot. */
    private static final Set<String> NOT_AT_BOOT = Set.of("disabled", "masked");

    private IrqbalancePlanner() {
    }

    static void plan(IrqbalanceDesired desired, IrqbalanceFacts f, HostPlan.Builder out) {
        if (!f.installed()) {
            if (desired.enabled()) {
                out.error(new PlanError(KIND, IrqbalanceKind.SERVICE, "irqbalance is not installed on this host;"
                        + " install the irqbalance package or set irqbalance.enabled: false"));
            } else {
                out.noop(new NoOp(KIND, IrqbalanceKind.SERVICE, "irqbalance is not installed: nothing to stop"));
            }
            return;
        }
        if (!f.systemd()) {
            out.error(new PlanError(KIND, IrqbalanceKind.SERVICE, "systemd is not running on this host;"
                    + " netune manages irqbalance only as a systemd service"));
            return;
        }
        if (desired.bannedCpus().isPresent() && !checkBanned(desired.bannedCpus().get(), f, out)) {
            return;
        }
        if (desired.enabled() && f.enabled().equals("masked")) {
            out.error(new PlanError(KIND, IrqbalanceKind.SERVICE, "irqbalance.service is masked, so it cannot be"
                    + " enabled; unmask it first (systemctl unmask irqbalance) if it should run"));
            return;
        }
        Optional<Change> dropIn = dropIn(desired, f, out);
        dropIn.ifPresent(out::change);
        service(desired, f, dropIn.isPresent(), out);
        if (desired.bannedCpus().isPresent() && !f.defaultsBanned().isEmpty()) {
            out.warning(IrqbalanceFacts.DEFAULTS + " also bans CPUs (" + f.defaultsBanned().lines().findFirst().orElse("")
                    + ") and systemd lets its EnvironmentFile= override the drop-in's " + IrqbalanceKind.VARIABLE
                    + "; remove that line there");
        }
    }

    /** bannedCpus must name online CPUs and leave at least one for IRQs. */
    private static boolean checkBanned(CpuSet banned, IrqbalanceFacts f, HostPlan.Builder out) {
        Optional<CpuSet> online = f.onlineCpus();
        if (online.isEmpty()) {
            out.error(new PlanError(KIND, BANNED_TARGET, "cannot read the online CPUs from"
                    + " /sys/devices/system/cpu/online (read '" + f.online() + "')"));
            return false;
        }
        CpuSet missing = banned.minus(online.get());
        if (!missing.isEmpty()) {
            out.error(new PlanError(KIND, BANNED_TARGET, "bannedCpus " + banned + " names "
                    + (missing.size() == 1 ? "CPU " + missing + ", which this host does not have"
                            : "CPUs " + missing + ", which this host does not have")
                    + " (online CPUs: " + online.get() + ")"));
            return false;
        }
        if (online.get().isSubsetOf(banned)) {
            out.error(new PlanError(KIND, BANNED_TARGET, "bannedCpus " + banned + " bans every online CPU ("
                    + online.get() + "): irqbalance would have no CPU to place IRQs on; leave at least one out"));
            return false;
        }
        return true;
    }

    private static Optional<Change> dropIn(IrqbalanceDesired desired, IrqbalanceFacts f, HostPlan.Builder out) {
        Optional<String> current = f.dropIn();
        if (desired.bannedCpus().isEmpty()) {
            if (current.isPresent()) {
                return Optional.of(new Change(DROP_IN_KIND, DROP_IN, current.get(), null,
                        List.of("the profile bans no CPUs")));
            }
            out.noop(new NoOp(DROP_IN_KIND, DROP_IN, "irqbalance has no banned CPUs from netune, as wanted"));
            return Optional.empty();
        }
        CpuSet banned = desired.bannedCpus().get();
        String content = IrqbalanceKind.dropInContent(banned);
        if (current.isPresent() && OwnedFile.sameContent(current.get(), content)) {
            out.noop(new NoOp(DROP_IN_KIND, DROP_IN, "irqbalance already leaves CPUs " + banned + " alone ("
                    + DROP_IN + ")"));
            return Optional.empty();
        }
        List<String> notes = new ArrayList<>();
        notes.add("irqbalance never places IRQs on CPUs " + banned);
        if (f.active().equals("active")) {
            notes.add("restarts irqbalance");
        }
        return Optional.of(new Change(DROP_IN_KIND, DROP_IN, current.orElse(null), content, notes));
    }

    private static void service(IrqbalanceDesired desired, IrqbalanceFacts f, boolean dropInChanges,
            HostPlan.Builder out) {
        boolean as;
        if (desired.enabled()) {
            as = f.active().equals("active") && f.enabled().equals("enabled");
        } else {
            as = STOPPED.contains(f.active()) && NOT_AT_BOOT.contains(f.enabled());
        }
        if (as) {
            out.noop(new NoOp(KIND, IrqbalanceKind.SERVICE, "irqbalance is already " + f.active() + " and "
                    + f.enabled()));
            return;
        }
        List<String> notes = desired.enabled()
                ? List.of(dropInChanges ? "starts it with the new drop-in" : "irqbalance moves IRQs between CPUs again")
                : List.of("IRQs stay on the CPUs they are on now; irqbalance no longer undoes IRQ affinity");
        out.change(new Change(KIND, IrqbalanceKind.SERVICE, f.serviceState(),
                desired.enabled() ? IrqbalanceKind.ON : IrqbalanceKind.OFF, notes));
    }
}
