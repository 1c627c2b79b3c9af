package dev.netune.setting.irqbalance;

import dev.netune.setting.OwnedFile;
import dev.netune.plan.ChangeKind;
import dev.netune.fact.CpuSet;
import dev.netune.fact.FactSource;
import dev.netune.fact.HostFacts;
import dev.netune.fact.Section;
import dev.netune.plan.Change;
import dev.netune.plan.HostPlan;
import dev.netune.profile.YamlNode;
import dev.netune.setting.ChangeResult;
import dev.netune.setting.PlanContext;
import dev.netune.setting.SettingKind;
import dev.netune.setting.shared.IrqbalanceIntent;
import dev.netune.setting.shared.Shared;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The irqbalance service: stopped and disabled, or running with CPUs it must leave alone.
 *
 * <p>irqbalance moves IRQs between CPUs every few seconds; IRQ affinity set by hand (or by
 * netune) is undone by it unless it is stopped or banned from those CPUs. Banned CPUs go into a
 * systemd drop-in netune owns, as {@value #VARIABLE} (read by irqbalance 1.8 and later, e.g.
 * Debian bookworm's 1.9), so the distribution's /etc/default/irqbalance stays untouched.
 */
public final class IrqbalanceKind implements SettingKind<IrqbalanceDesired> {
    public static final ChangeKind KIND = ChangeKind.of("irqbalance");
    public static final ChangeKind DROP_IN_KIND = ChangeKind.of("irqbalance-dropin");
    public static final String UNIT = "irqbalance.service";
    public static final String DROP_IN = "/etc/systemd/system/irqbalance.service.d/netune.conf";
    public static final String VARIABLE = "IRQBALANCE_BANNED_CPULIST";
    /** The target of the service change. */
    public static final String SERVICE = "service";
    static final String ON = "active, enabled";
    static final String OFF = "inactive, disabled";
    static final String HEADER = OwnedFile.header("the profile's irqbalance.bannedCpus");

    private static final List<String> KEYS = List.of("enabled", "bannedCpus");

    @Override
    public String key() {
        return "irqbalance";
    }

    /** Whether pinning IRQs can last: irqbalance stopped, or kept off the banned CPUs. */
    @Override
    public void share(IrqbalanceDesired desired, PlanContext.Builder context) {
        context.put(Shared.IRQBALANCE, new IrqbalanceIntent(!desired.enabled(), desired.bannedCpus().orElse(CpuSet.empty())));
    }

    @Override
    public boolean owns(Change change) {
        return change.is(KIND) || change.is(DROP_IN_KIND);
    }

    /**
     * The drop-in goes back to its old text, or away if the apply created it; the service goes
     * back to running or stopped when it was one of those two (another state, such as "inactive,
     * enabled", is not one netune can set, so that change stays and the rollback plan says so).
     */
    @Override
    public Optional<Change> revert(Change applied) {
        if (applied.is(DROP_IN_KIND)) {
            // an empty after is how snapshots of earlier versions recorded a removal
            String now = applied.after() == null || applied.after().isEmpty() ? null : applied.after();
            return Optional.of(new Change(DROP_IN_KIND, DROP_IN, now, applied.before(), List.of("rollback")));
        }
        if (applied.is(KIND) && (ON.equals(applied.before()) || OFF.equals(applied.before()))) {
            return Optional.of(new Change(KIND, SERVICE, applied.after(), applied.before(), List.of("rollback")));
        }
        return Optional.empty();
    }

    @Override
    public Optional<IrqbalanceDesired> load(YamlNode node) {
        int before = node.problems().list().size();
        Map<String, YamlNode> m = node.mapping(KEYS);
        if (node.problems().list().size() > before) {
            return Optional.empty();
        }
        if (!m.containsKey("enabled")) {
            node.error("irqbalance needs enabled: true (run it) or enabled: false (stop and disable it)");
            return Optional.empty();
        }
        Optional<Boolean> enabled = m.get("enabled").bool();
        Optional<CpuSet> banned = Optional.empty();
        YamlNode b = m.get("bannedCpus");
        if (b != null) {
            banned = bannedCpus(b);
            if (banned.isPresent() && enabled.isPresent() && !enabled.get()) {
                b.keyError("bannedCpus needs enabled: true: a stopped irqbalance places no IRQs;"
                        + " remove bannedCpus or set enabled: true");
            }
        }
        if (node.problems().list().size() > before) {
            return Optional.empty();
        }
        return Optional.of(new IrqbalanceDesired(enabled.orElseThrow(), banned));
    }

    private static Optional<CpuSet> bannedCpus(YamlNode b) {
        if (!b.isScalar() || b.isNull()) {
            b.error("bannedCpus is a CPU list in quotes, such as \"0-1\" or \"0,2-3\"");
            return Optional.empty();
        }
        String text = b.string().orElse("");
        CpuSet set;
        try {
            set = CpuSet.parseList(text);
        } catch (IllegalArgumentException e) {
            b.error(e.getMessage());
            return Optional.empty();
        }
        if (set.isEmpty()) {
            b.error("bannedCpus is empty; leave it out to ban no CPUs");
            return Optional.empty();
        }
        return Optional.of(set);
    }

    /**
     * Later profiles win per key; a later {@code enabled: false} drops earlier banned CPUs (a
     * stopped irqbalance has none).
     */
    @Override
    public IrqbalanceDesired merge(IrqbalanceDesired base, IrqbalanceDesired override) {
        if (!override.enabled()) {
            return override;
        }
        return new IrqbalanceDesired(true, override.bannedCpus().or(base::bannedCpus));
    }

    @Override
    public List<FactSource<?>> facts(IrqbalanceDesired desired) {
        return List.of(IrqbalanceFacts.SOURCE);
    }

    @Override
    public List<FactSource<?>> defaultFacts() {
        return List.of(IrqbalanceFacts.SOURCE);
    }

    @Override
    public void plan(IrqbalanceDesired desired, HostFacts facts, HostPlan.Builder out) {
        IrqbalancePlanner.plan(desired, facts.get(IrqbalanceFacts.SOURCE), out);
    }

    @Override
    public String applyScript(List<Change> changes) {
        return IrqbalanceApply.script(changes);
    }

    @Override
    public List<ChangeResult> verify(List<Change> changes, List<Section> sections) {
        return IrqbalanceApply.verify(changes, sections);
    }

    /** The drop-in's whole text for the banned CPUs. */
    static String dropInContent(CpuSet banned) {
        return HEADER + "\n[Service]\nEnvironment=" + VARIABLE + "=" + banned.toList() + "\n";
    }
}
