package dev.netune.setting.nic;

import dev.netune.plan.ChangeKind;
import dev.netune.setting.shared.IrqbalanceIntent;
import dev.netune.setting.shared.QdiscModules;
import dev.netune.fact.nic.Ethtool;
import dev.netune.fact.nic.NicFacts;
import dev.netune.plan.Change;
import dev.netune.plan.HostPlan;
import dev.netune.plan.NoOp;
import dev.netune.plan.PlanError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Pure planning of NIC settings: which rules apply to which NIC, validation against what the
 * driver reports it can do, {@code max} resolved to numbers, and changes with before/after.
 */
final class NicPlanner {

    /** What one NIC should have, fully resolved (numbers, not "max"), and whether it may be changed. */
    record Resolved(String nic, SortedMap<Attribute, SortedMap<String, String>> values,
                    SortedMap<String, String> steering, boolean hasErrors) {
    }

    /** Everything NIC planning resolved on a host, for the boot script. */
    record HostResolution(List<Resolved> nics, Optional<String> sockFlowEntries) {
    }

    /** A NIC a rule names exactly but the host does not have. */
    static final ChangeKind PRESENCE_KIND = ChangeKind.of("nic.presence");
    /** The kind of the host's one "ethtool is not installed" error. */
    static final ChangeKind ETHTOOL_KIND = ChangeKind.of("nic.ethtool");

    private NicPlanner() {
    }

    /** The effective settings per NIC: every rule that applies, in order, later wins per key. */
    static SortedMap<String, NicSettings> effective(NicDesired desired, NicInventory inventory) {
        SortedMap<String, NicSettings> out = new TreeMap<>();
        for (NicFacts nic : inventory.nics().values()) {
            NicSettings s = NicSettings.EMPTY;
            for (NicRule r : desired.rules()) {
                if (r.appliesTo(nic)) {
                    s = s.overlay(r.settings());
                }
            }
            if (!s.isEmpty()) {
                out.put(nic.name(), s);
            }
        }
        return out;
    }

    /** Plans every NIC; returns each NIC's resolved settings (for persistence). */
    static HostResolution plan(NicDesired desired, NicInventory inventory, QueueFacts queues, IrqbalanceIntent irqbalance,
                               HostPlan.Builder out) {
        return plan(desired, inventory, queues, irqbalance, new QdiscModules(Optional.empty()), out);
    }

    /** As above, with the qdiscs the host's kernel has (for qdisc keys). */
    static HostResolution plan(NicDesired desired, NicInventory inventory, QueueFacts queues, IrqbalanceIntent irqbalance,
                               QdiscModules modules, HostPlan.Builder out) {
        List<Resolved> resolved = new ArrayList<>();
        SortedMap<String, NicSettings> effective = effective(desired, inventory);
        if (effective.isEmpty() && !desired.rules().isEmpty()) {
            out.warning("no NIC on this host matches the profile's nics rules");
        }
        for (NicRule rule : desired.rules()) {
            for (String name : rule.match().names()) {
                boolean literal = name.chars().noneMatch(c -> c == '*' || c == '?');
                if (literal && !inventory.nics().containsKey(name)) {
                    // named exactly, so expected on this host: its absence is drift, not something to skip
                    out.change(new Change(PRESENCE_KIND, name, "absent", "present",
                            List.of("netune cannot create a NIC: check the hardware, the driver or the name")));
                }
            }
        }
        // one error per host, not one per NIC key: the fix is one package, and no NIC may change without it
        List<String> needEthtool = effective.entrySet().stream()
                .filter(e -> Ethtool.missing(inventory.nics().get(e.getKey()))
                        && e.getValue().byAttribute().keySet().stream().anyMatch(NicPlanner::needsEthtool))
                .map(Map.Entry::getKey).toList();
        if (!needEthtool.isEmpty()) {
            out.error(new PlanError(ETHTOOL_KIND, "ethtool", Ethtool.MISSING + " on this host: install the "
                    + Ethtool.PACKAGE + " package to change channels, rings, coalescing or offloads of "
                    + String.join(", ", needEthtool) + " (nothing on this host is changed until then)"));
        }
        for (Map.Entry<String, NicSettings> e : effective.entrySet()) {
            resolved.add(planNic(inventory.nics().get(e.getKey()), e.getValue(), queues, irqbalance, modules,
                    needEthtool.contains(e.getKey()), out));
        }
        // one global flow table for all NICs: the largest any NIC asks for
        Optional<String> flows = effective.values().stream().map(s -> s.of(Attribute.RPS).get("flowEntries"))
                .filter(java.util.Objects::nonNull).max(java.util.Comparator.comparingLong(Long::parseLong));
        flows.ifPresent(f -> {
            String cur = queues.rpsSockFlowEntries().orElse(null);
            String target = "net.core.rps_sock_flow_entries";
            if (f.equals(cur)) {
                out.noop(new NoOp(Attribute.RPS.changeKind(), target, target + " is already " + f));
            } else {
                out.change(new Change(Attribute.RPS.changeKind(), target, cur, f, List.of("global to the kernel")));
            }
        });
        return new HostResolution(resolved, flows);
    }

    /** The attributes set with ethtool (MTU goes through ip, steering through sysfs and procfs). */
    static boolean needsEthtool(Attribute a) {
        return a == Attribute.CHANNELS || a == Attribute.RING || a == Attribute.COALESCE || a == Attribute.OFFLOAD
                || a == Attribute.RSS || a == Attribute.PAUSE;
    }

    /**
     * One wanted value checked against the NIC as read: the knobs by their own rules, the RSS table
     * against the rx queues the plan leaves (channels come first in {@code planned}), the rest by ethtool's.
     */
    private static NicChecks.Check check(Attribute a, NicFacts nic, String key, String value,
                                         SortedMap<Attribute, SortedMap<String, String>> planned, QdiscModules modules) {
        if (a.isKnob()) {
            return KnobChecks.check(a, nic, key, value, modules);
        }
        return switch (a) {
            case RSS -> RssChecks.checkRss(nic, key, value, RssChecks.queuesAfter(nic, planned.get(Attribute.CHANNELS)));
            default -> NicChecks.check(a, nic, key, value);
        };
    }

    private static Resolved planNic(NicFacts nic, NicSettings wanted, QueueFacts queues, IrqbalanceIntent irqbalance,
                                    QdiscModules modules, boolean noEthtool, HostPlan.Builder out) {
        SortedMap<Attribute, SortedMap<String, String>> values = new TreeMap<>();
        List<Change> changes = new ArrayList<>();
        List<PlanError> errors = new ArrayList<>();
        boolean skipped = false;
        for (Map.Entry<Attribute, SortedMap<String, String>> a : wanted.byAttribute().entrySet()) {
            if (a.getKey().isQueueSteering()) {
                continue;
            }
            for (Map.Entry<String, String> kv : a.getValue().entrySet()) {
                String target = NicKnobs.target(nic.name(), a.getKey(), kv.getKey());
                if (noEthtool && needsEthtool(a.getKey())) {
                    skipped = true; // the host's one ethtool error covers it
                    continue;
                }
                NicChecks.Check c = check(a.getKey(), nic, kv.getKey(), kv.getValue(), values, modules);
                if (c.error() != null) {
                    errors.add(new PlanError(a.getKey().changeKind(), target, c.error()));
                    continue;
                }
                values.computeIfAbsent(a.getKey(), k -> new TreeMap<>()).put(kv.getKey(), c.want());
                if (c.current().isPresent() && c.current().get().equals(c.want())) {
                    out.noop(new NoOp(a.getKey().changeKind(), target, a.getKey().yamlKey + " " + target + " is already "
                            + c.want()));
                } else {
                    List<String> notes = new ArrayList<>(c.notes());
                    if (kv.getValue().equals("max")) {
                        notes.add("max of " + nic.name());
                    }
                    if (a.getKey().resetsLink()) {
                        notes.add("resets the link on most drivers");
                    }
                    changes.add(new Change(a.getKey().changeKind(), target, c.current().orElse(null), c.want(), notes));
                }
            }
        }
        SortedMap<String, String> channels = values.get(Attribute.CHANNELS);
        if (channels != null && errors.isEmpty() && nic.channels().value().isPresent()) {
            // the counts together, as the kernel and the driver check them
            ChannelRules.check(nic.name(), NicMatch.driverOf(nic), nic.channels().value().get(), channels)
                    .forEach(m -> errors.add(new PlanError(Attribute.CHANNELS.changeKind(), nic.name() + " channels", m)));
        }
        SortedMap<String, String> steering = new TreeMap<>();
        boolean wantsSteering = wanted.byAttribute().keySet().stream().anyMatch(Attribute::isQueueSteering);
        boolean channelsChange = changes.stream().anyMatch(c -> c.is(Attribute.CHANNELS.changeKind()));
        if (wantsSteering && channelsChange) {
            // new channels recreate IRQs and queue directories: plan steering against what exists then
            out.defer(nic.name() + ": IRQ affinity, RPS and XPS, once the channel change has recreated the queues");
        } else if (wantsSteering) {
            QueuePlanner.Result r = QueuePlanner.plan(nic, wanted, queues, irqbalance);
            changes.addAll(r.changes());
            errors.addAll(r.errors());
            r.warnings().forEach(out::warning);
            r.noops().forEach(n -> out.noop(new NoOp(ChangeKind.of("nic.steering"), nic.name(), n)));
            steering.putAll(r.resolved());
        }
        // A NIC with any error gets no change at all: half of a NIC's tuning can be worse than none.
        errors.forEach(out::error);
        if (errors.isEmpty() && !skipped) {
            changes.forEach(out::change);
            if (changes.stream().anyMatch(ch -> Attribute.ofChangeKind(ch.kind()).resetsLink())) {
                out.warning(nic.name() + ": channel, ring or MTU changes reset the link on most drivers"
                        + " (traffic stops for a moment)");
            }
        }
        return new Resolved(nic.name(), values, steering, !errors.isEmpty() || skipped);
    }
}
