package dev.netune.setting.sysctl;

import dev.netune.plan.ChangeKind;
import dev.netune.fact.FactSource;
import dev.netune.fact.HostFacts;
import dev.netune.fact.Section;
import dev.netune.plan.Change;
import dev.netune.plan.HostPlan;
import dev.netune.plan.NoOp;
import dev.netune.profile.YamlNode;
import dev.netune.setting.ChangeResult;
import dev.netune.setting.OwnedFile;
import dev.netune.setting.PlanContext;
import dev.netune.setting.SettingKind;
import dev.netune.setting.shared.Shared;
import dev.netune.setting.shared.SysctlFacts;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Kernel sysctls: set live through /proc/sys and persisted in one file netune owns under
 * /etc/sysctl.d, which systemd-sysctl (or procps) loads at boot.
 */
public final class SysctlKind implements SettingKind<SysctlDesired> {
    /** Named to sort after 99-sysctl.conf (the /etc/sysctl.conf link), so our values win at boot. */
    public static final String PERSIST_FILE = SysctlFacts.PERSIST_FILE;
    public static final ChangeKind KIND = SysctlFacts.CHANGE_KIND;
    public static final ChangeKind FILE_KIND = ChangeKind.of("sysctl-file");
    static final String FILE_HEADER = OwnedFile.header("the profile");

    @Override
    public String key() {
        return "sysctl";
    }

    /** {@code softirq: {budget, budgetUsecs}}: ksoftirqd's per-run packet and time budget. */
    @Override
    public List<String> shorthandKeys() {
        return List.of("softirq");
    }

    @Override
    public Optional<SysctlDesired> loadShorthand(String key, YamlNode node) {
        int before = node.problems().list().size();
        SortedMap<String, SysctlWant> values = new TreeMap<>();
        Map<String, String> names = Map.of("budget", "net.core.netdev_budget",
                "budgetUsecs", "net.core.netdev_budget_usecs");
        for (var e : node.mapping(List.of("budget", "budgetUsecs")).entrySet()) {
            String sysctl = names.get(e.getKey());
            if (sysctl != null) {
                SysctlLoad.want(sysctl, e.getValue()).ifPresent(v -> values.put(sysctl, v));
            }
        }
        return node.problems().list().size() > before ? Optional.empty() : Optional.of(new SysctlDesired(values));
    }

    /** Shorthands whose value is a sysctl's, as explain names them. */
    private static final Map<String, String> SHORTHAND_SYSCTLS = Map.of(
            "softirq.budget", "net.core.netdev_budget", "softirq.budgetUsecs", "net.core.netdev_budget_usecs");

    /**
     * "kernel default: 4096 since 5.4, 128 before (ip-sysctl.rst)", and whether the profile's plain
     * value merely restates it; empty for keys whose default netune does not know.
     */
    @Override
    public Optional<String> explain(String name, String value) {
        String key = SHORTHAND_SYSCTLS.getOrDefault(name, name);
        return KernelDefaults.of(key).map(d -> "kernel default: " + d.text() + " (" + d.doc() + ")"
                + d.restatedBy(value).map(which -> "; this value restates " + which + ": it tunes nothing there")
                        .orElse(""));
    }

    /** Live values go back to what they were; the file goes back to its old text, or away. */
    @Override
    public Optional<Change> revert(Change applied) {
        if (applied.is(KIND) && applied.before() == null) {
            return Optional.empty();
        }
        return Optional.of(new Change(applied.kind(), applied.target(), applied.after(), applied.before(),
                List.of("rollback")));
    }

    @Override
    public void share(SysctlDesired desired, PlanContext.Builder context) {
        // exact values only: another kind compares them with its own, a bound is not a value
        SortedMap<String, String> exact = new TreeMap<>();
        desired.wants().forEach((k, w) -> {
            if (w.allExact()) {
                exact.put(k, w.text());
            }
        });
        context.put(Shared.WANTED_SYSCTLS, new Shared.WantedSysctls(exact));
    }

    @Override
    public boolean owns(Change change) {
        return change.is(KIND) || change.is(FILE_KIND);
    }

    @Override
    public Optional<SysctlDesired> load(YamlNode node) {
        int before = node.problems().list().size();
        SortedMap<String, SysctlWant> values = new TreeMap<>();
        for (var e : node.mapping().entrySet()) {
            SysctlLoad.want(e.getKey(), e.getValue()).ifPresent(v -> values.put(e.getKey(), v));
        }
        return node.problems().list().size() > before ? Optional.empty() : Optional.of(new SysctlDesired(values));
    }

    @Override
    public SysctlDesired merge(SysctlDesired base, SysctlDesired override) {
        SortedMap<String, SysctlWant> merged = new TreeMap<>(base.wants());
        merged.putAll(override.wants());
        return new SysctlDesired(merged);
    }

    @Override
    public List<FactSource<?>> facts(SysctlDesired desired) {
        TreeSet<String> keys = new TreeSet<>(desired.wants().keySet());
        if (keys.isEmpty()) {
            return List.of(SysctlFacts.source(keys));
        }
        keys.addAll(SysctlRules.READS); // the cross-key rules need them even when the profile does not set them
        return List.of(SysctlFacts.source(keys), SysctlHostFacts.source(new TreeSet<>(desired.wants().keySet()),
                desired.wants().containsKey(SysctlRules.PORT_RANGE)));
    }

    @Override
    public List<FactSource<?>> defaultFacts() {
        return List.of(SysctlFacts.source(new TreeSet<>(SysctlCatalog.COMMON)));
    }

    /** The sources whose parsed facts {@link #plan} reads; same ids as any keyed source. */
    static final FactSource<SysctlFacts> FACTS = SysctlFacts.source(new TreeSet<>());
    static final FactSource<SysctlHostFacts> HOST_FACTS = SysctlHostFacts.source(new TreeSet<>(), false);

    @Override
    public void plan(SysctlDesired desired, HostFacts facts, HostPlan.Builder out) {
        plan(desired, false, facts, out);
    }

    /** With what the nics kind shares: whether the profile sets qdiscs per NIC (the default_qdisc note). */
    @Override
    public void plan(SysctlDesired desired, PlanContext context, HostFacts facts, HostPlan.Builder out) {
        plan(desired, context.get(Shared.NIC_QDISC).orElse(false), facts, out);
    }

    private void plan(SysctlDesired desired, boolean nicQdisc, HostFacts facts, HostPlan.Builder out) {
        SysctlFacts live = facts.get(FACTS);
        SysctlHostFacts host = facts.has(HOST_FACTS) ? facts.get(HOST_FACTS)
                : new SysctlHostFacts(java.util.Set.of(), false, Optional.empty(), new TreeMap<>(), Optional.empty());
        SysctlPlanner planner = new SysctlPlanner(live, host, facts.host().kernel(), out).nicQdisc(nicQdisc);
        desired.wants().forEach(planner::plan);
        if (planner.failed() || desired.wants().isEmpty()) {
            return;
        }
        SysctlRules.check(planner.held(), live, host.listening(), out);
        String content = persistedContent(planner.held());
        Optional<String> current = live.persistedFile();
        if (current.isPresent() && OwnedFile.sameContent(current.get(), content)) {
            out.noop(new NoOp(FILE_KIND, PERSIST_FILE, PERSIST_FILE + " already holds these values"));
        } else {
            out.change(new Change(FILE_KIND, PERSIST_FILE, current.orElse(null), content,
                    List.of("persists the values across reboots")));
        }
    }

    /** The persistence file's whole text: a header, then one sorted {@code key = value} per line. */
    static String persistedContent(SortedMap<String, String> held) {
        StringBuilder sb = new StringBuilder(FILE_HEADER).append('\n');
        held.forEach((k, v) -> sb.append(k).append(" = ").append(v).append('\n'));
        return sb.toString();
    }

    @Override
    public String applyScript(List<Change> changes) {
        return SysctlApply.applyScript(changes);
    }

    @Override
    public String expectScript(List<Change> changes) {
        return SysctlApply.expectScript(changes);
    }

    @Override
    public List<ChangeResult> verify(List<Change> changes, List<Section> sections) {
        return SysctlApply.verify(changes, sections);
    }
}
