package dev.netune.setting.nic;

import dev.netune.transport.ShellScript;
import dev.netune.fact.FactSource;
import dev.netune.fact.HostFacts;
import dev.netune.fact.SessionRoute;
import dev.netune.fact.Section;
import dev.netune.fact.nic.NicFacts;
import dev.netune.fact.nic.NicGather;
import dev.netune.fact.nic.TopologyGather;
import dev.netune.plan.Change;
import dev.netune.plan.HostPlan;
import dev.netune.profile.YamlNode;
import dev.netune.setting.ChangeResult;
import dev.netune.setting.PlanContext;
import dev.netune.setting.SettingKind;
import dev.netune.setting.shared.IrqbalanceIntent;
import dev.netune.setting.shared.QdiscModules;
import dev.netune.setting.shared.Shared;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * NIC settings from a profile's {@code nics:} list: channels, rings, coalescing, offloads, MTU,
 * txqueuelen, NAPI and the root qdisc, set with ethtool, ip, sysfs and tc, verified by re-reading, restored by units that follow boot, NIC add
 * and link-up events (see NicBoot).
 */
public final class NicKind implements SettingKind<NicDesired> {

    @Override
    public String key() {
        return "nics";
    }

    @Override
    public Optional<NicDesired> load(YamlNode node) {
        return NicSchema.load(node);
    }

    /** Rules accumulate; where two match one NIC, the later one wins per key. */
    @Override
    public NicDesired merge(NicDesired base, NicDesired override) {
        List<NicRule> all = new ArrayList<>(base.rules());
        all.addAll(override.rules());
        return new NicDesired(all);
    }

    /** Whether any rule sets a qdisc: the sysctl kind's default_qdisc note points at the key otherwise. */
    @Override
    public void share(NicDesired desired, PlanContext.Builder context) {
        context.put(Shared.NIC_QDISC, desired.rules().stream().anyMatch(r -> !r.settings().of(Attribute.QDISC).isEmpty()));
    }

    @Override
    public List<FactSource<?>> facts(NicDesired desired) {
        boolean qdisc = desired.rules().stream().anyMatch(r -> !r.settings().of(Attribute.QDISC).isEmpty());
        return qdisc ? List.of(NicInventory.SOURCE, QueueFacts.SOURCE, NicBoot.SOURCE, SessionRoute.SOURCE, NicOwners.SOURCE,
                QdiscModules.SOURCE)
                : List.of(NicInventory.SOURCE, QueueFacts.SOURCE, NicBoot.SOURCE, SessionRoute.SOURCE, NicOwners.SOURCE);
    }

    @Override
    public List<FactSource<?>> defaultFacts() {
        // the topology reads the NIC gather's sections: it comes after NicInventory's
        return List.of(NicInventory.SOURCE, TopologyGather.SOURCE, SessionRoute.SOURCE);
    }

    /**
     * NIC values and the boot script go back; a boot unit this apply installed is disabled and
     * removed. A unit that existed before (edited, or not enabled) stays as netune left it: its
     * old text was not recorded, and without the script it does nothing (ConditionPathExists).
     */
    @Override
    public Optional<Change> revert(Change applied) {
        if (applied.is(NicBoot.UNIT_KIND)) {
            return NicBoot.ABSENT.equals(applied.before())
                    ? Optional.of(new Change(applied.kind(), applied.target(), applied.after(), NicBoot.ABSENT,
                            List.of("rollback")))
                    : Optional.empty();
        }
        if (isPresence(applied) || applied.is(NicRestoreRecord.KIND) // a restore run is not undone
                || (applied.before() == null && !applied.is(NicBoot.SCRIPT_KIND) && !applied.is(NicBoot.LIBRARY_KIND))) {
            return Optional.empty();
        }
        // a qdisc whose before was the kernel's own goes back by deleting ours (NicKnobs)
        List<String> notes = applied.notes().contains(KnobChecks.KERNEL_DEFAULT)
                ? List.of("rollback", KnobChecks.KERNEL_DEFAULT) : List.of("rollback");
        return Optional.of(new Change(applied.kind(), applied.target(), applied.after(), applied.before(), notes));
    }

    @Override
    public boolean owns(Change change) {
        return change.kind().in(Attribute.FAMILY) || change.is(NicBoot.SCRIPT_KIND) || change.is(NicBoot.LIBRARY_KIND)
                || change.is(NicBoot.UNIT_KIND) || change.is(NicRestoreRecord.KIND);
    }

    @Override
    public void plan(NicDesired desired, HostFacts facts, HostPlan.Builder out) {
        plan(desired, PlanContext.EMPTY, facts, out);
    }

    @Override
    public void plan(NicDesired desired, PlanContext context, HostFacts facts, HostPlan.Builder out) {
        HostPlan.Builder nicOut = new HostPlan.Builder();
        QdiscModules modules = facts.has(QdiscModules.SOURCE) ? facts.get(QdiscModules.SOURCE)
                : new QdiscModules(Optional.empty());
        NicPlanner.HostResolution resolved = NicPlanner.plan(desired, facts.get(NicInventory.SOURCE),
                facts.get(QueueFacts.SOURCE), context.get(Shared.IRQBALANCE).orElse(IrqbalanceIntent.UNCHANGED), modules,
                nicOut);
        HostPlan nicPlan = nicOut.build();
        nicPlan.changes().forEach(out::change);
        nicPlan.unchanged().forEach(out::noop);
        nicPlan.errors().forEach(out::error);
        nicPlan.warnings().forEach(out::warning);
        nicPlan.deferred().forEach(out::defer);
        // other programs that set the same NIC values and will overwrite them later
        NicOwners owners = facts.has(NicOwners.SOURCE) ? facts.get(NicOwners.SOURCE) : NicOwners.NONE;
        OwnerWarnings.warnings(resolved.nics(), facts.get(NicInventory.SOURCE), owners).forEach(out::warning);
        connectionRisks(nicPlan.changes(), facts.get(SessionRoute.SOURCE)).forEach(out::connectionRisk);
        if (!nicPlan.hasErrors()) {
            NicBoot.plan(desired, resolved, facts.get(NicInventory.SOURCE), facts.get(NicBoot.SOURCE), out);
        }
        NicBoot.planRecords(resolved, facts.get(NicBoot.SOURCE), out);
    }

    /**
     * Channel, ring and MTU changes reset the link on most drivers, and a wrong MTU can black-hole
     * the session's larger packets: on the NIC carrying netune's SSH session (or on any NIC when
     * that route is unknown) they can cut netune off from the host.
     */
    static List<String> connectionRisks(List<Change> changes, SessionRoute session) {
        List<String> risks = new ArrayList<>();
        for (Change c : changes) {
            Optional<Attribute> a = Attribute.ofChangeKindIfAny(c.kind());
            String nic = c.target().split(" ", 2)[0];
            if (a.isPresent() && a.get().resetsLink() && session.mayCarry(nic)) {
                risks.add(c.kind() + " " + c.target() + ": " + session.device()
                        .map(d -> d + " carries this SSH session (client " + session.client().orElse("?") + ")")
                        .orElse("the NIC carrying this SSH session is unknown"));
            }
        }
        return risks;
    }

    @Override
    public List<String> sessionRisks(List<Change> changes, SessionRoute session) {
        return connectionRisks(changes, session);
    }

    private static boolean isPresence(Change c) {
        return c.is(NicPlanner.PRESENCE_KIND);
    }

    @Override
    public String applyScript(List<Change> changes) {
        // netune_nic_cmd and netune_write
        StringBuilder sb = new StringBuilder(ShellScript.library("nic"));
        // per NIC, per attribute in apply order: one command with every changed key of it
        Map<String, SortedMap<Attribute, SortedMap<String, String>>> byNic = new LinkedHashMap<>();
        for (Change c : changes) {
            if (c.kind().in(Attribute.FAMILY) && !isPresence(c) && !Steering.isSteering(c) && !NicKnobs.isKnob(c)) {
                String[] t = c.target().split(" ", 2);
                byNic.computeIfAbsent(t[0], k -> new TreeMap<>())
                        .computeIfAbsent(Attribute.ofChangeKind(c.kind()), k -> new TreeMap<>()).put(t[1], c.after());
            }
        }
        Set<String> shrinking = shrinkingRxQueues(changes);
        byNic.forEach((nic, attrs) -> inApplyOrder(attrs.keySet(), shrinking.contains(nic)).forEach(a -> {
            List<String> args = new ArrayList<>(List.of(a.changeKind().name(), nic));
            args.addAll(NicCommands.argv(nic, a, attrs.get(a)));
            sb.append(ShellScript.call("netune_nic_cmd", args));
        }));
        // txqueuelen, NAPI and qdisc after every NIC's channels and MTU (they recreate NAPI instances and queues)
        String knobs = NicKnobs.applyScript(changes);
        sb.append(knobs);
        // steering after channels, rings and MTU: those can recreate queues and IRQs
        List<Change> steering = changes.stream()
                .filter(c -> c.kind().in(Attribute.FAMILY) && !isPresence(c) && Steering.isSteering(c)).toList();
        if (!steering.isEmpty()) {
            steering.forEach(c -> sb.append(Steering.applyLine(c)));
        }
        if (!byNic.isEmpty() || !steering.isEmpty() || !knobs.isEmpty()) {
            // re-read in the same execution: verification sees what the driver and kernel really hold
            sb.append(NicGather.script()).append(QueueFacts.SOURCE.script());
        }
        sb.append(NicBoot.applyScript(changes));
        return sb.toString();
    }

    /**
     * The attributes of one NIC in apply order: the enum's (channels before the RSS table, which
     * names queues the new channels create). When the channels go down the table is set twice:
     * before, because the kernel refuses fewer RX channels than a user-set table names
     * (ethtool_set_channels), and after, because "default" is spread over the queues that exist
     * when it is set and drivers such as virtio_net on 6.1 keep the old spread when channels
     * change (seen on the guest: a rollback left "equal 4" over 2 queues). Both writes are the
     * table the plan checked against the queues left.
     */
    static List<Attribute> inApplyOrder(Set<Attribute> attributes, boolean rxQueuesShrink) {
        List<Attribute> order = new ArrayList<>(new TreeSet<>(attributes));
        if (rxQueuesShrink && order.contains(Attribute.RSS)) {
            order.add(0, Attribute.RSS);
        }
        return order;
    }

    /** NICs whose combined or rx channel count these changes lower. */
    private static Set<String> shrinkingRxQueues(List<Change> changes) {
        Set<String> out = new HashSet<>();
        for (Change c : changes) {
            String[] t = c.target().split(" ", 2);
            if (c.is(Attribute.CHANNELS.changeKind()) && t.length == 2 && (t[1].equals("combined") || t[1].equals("rx"))
                    && c.before() != null && c.after() != null
                    && c.before().matches("[0-9]{1,9}") && c.after().matches("[0-9]{1,9}")
                    && Long.parseLong(c.after()) < Long.parseLong(c.before())) {
                out.add(t[0]);
            }
        }
        return out;
    }

    /** Names the key a driver refused when its support could not be checked before (old ethtool text). */
    private static String refusal(Change c, String key) {
        return c.notes().stream().anyMatch(n -> n.startsWith("driver support unknown"))
                ? "the driver refused " + Attribute.ofChangeKind(c.kind()).yamlKey + " key " + key
                        + " (its support could not be read on this host): "
                : "";
    }

    @Override
    public List<ChangeResult> verify(List<Change> changes, List<Section> sections) {
        SortedMap<String, NicFacts> after = NicGather.parse(sections);
        QueueFacts queuesAfter = QueueFacts.SOURCE.parse(sections);
        List<ChangeResult> results = new ArrayList<>();
        for (Change c : changes) {
            if (!c.kind().in(Attribute.FAMILY)) {
                results.add(NicBoot.verify(c, sections));
                continue;
            }
            if (isPresence(c)) {
                boolean present = after.containsKey(c.target());
                results.add(new ChangeResult(c, present, present ? "present" : "absent",
                        present ? "present" : "NIC " + c.target() + " is missing on this host; netune cannot create it"));
                continue;
            }
            if (Steering.isSteering(c)) {
                results.add(Steering.verify(c, sections, queuesAfter));
                continue;
            }
            if (NicKnobs.isKnob(c)) {
                results.add(NicKnobs.verify(c, sections, after));
                continue;
            }
            String[] t = c.target().split(" ", 2);
            Optional<Section> applied = sections.stream().filter(s -> s.kind().equals("applied")
                    && s.arg(0).equals(c.kind().name()) && s.arg(1).equals(t[0])).findFirst();
            NicFacts nic = after.get(t[0]);
            Optional<String> actual = nic == null ? Optional.empty()
                    : Attribute.ofChangeKind(c.kind()) == Attribute.RSS
                            ? RssChecks.current(Attribute.RSS, nic, t[1], c.after()) // a table by its entries
                            : NicChecks.current(Attribute.ofChangeKind(c.kind()), nic, t[1]);
            if (applied.isEmpty()) {
                results.add(new ChangeResult(c, false, actual.orElse(null), "not applied: the apply script stopped before it"));
            } else if (!applied.get().arg(2).equals("0")) {
                results.add(new ChangeResult(c, false, actual.orElse(null), refusal(c, t[1])
                        + "command failed (exit " + applied.get().arg(2) + "): " + applied.get().body().strip()));
            } else if (actual.isPresent() && actual.get().equals(c.after())) {
                results.add(new ChangeResult(c, true, actual.get(), "set"));
            } else {
                // some drivers round (ring sizes to a multiple of 8, coalescing to their timer tick)
                results.add(new ChangeResult(c, false, actual.orElse(null), "the driver holds "
                        + actual.orElse("nothing") + " after setting " + c.after()
                        + "; if it rounds, put " + actual.orElse("its value") + " in the profile"));
            }
        }
        return results;
    }
}
