package dev.netune.setting.nic;

import dev.netune.plan.ChangeKind;
import dev.netune.setting.shared.IrqbalanceIntent;
import dev.netune.fact.HostNumbers;
import dev.netune.fact.nic.ChannelInfo;
import dev.netune.fact.nic.CoalesceInfo;
import dev.netune.fact.nic.FeatureInfo;
import dev.netune.fact.nic.NicFacts;
import dev.netune.fact.nic.Outcome;
import dev.netune.fact.nic.RingInfo;
import dev.netune.fact.nic.SysInfo;
import dev.netune.plan.Change;
import dev.netune.plan.HostPlan;
import dev.netune.plan.NoOp;
import dev.netune.plan.PlanError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
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
        for (Map.Entry<String, NicSettings> e : effective.entrySet()) {
            resolved.add(planNic(inventory.nics().get(e.getKey()), e.getValue(), queues, irqbalance, out));
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

    private static Resolved planNic(NicFacts nic, NicSettings wanted, QueueFacts queues, IrqbalanceIntent irqbalance,
                                    HostPlan.Builder out) {
        SortedMap<Attribute, SortedMap<String, String>> values = new TreeMap<>();
        List<Change> changes = new ArrayList<>();
        List<PlanError> errors = new ArrayList<>();
        for (Map.Entry<Attribute, SortedMap<String, String>> a : wanted.byAttribute().entrySet()) {
            if (a.getKey().isQueueSteering()) {
                continue;
            }
            for (Map.Entry<String, String> kv : a.getValue().entrySet()) {
                Check c = check(a.getKey(), nic, kv.getKey(), kv.getValue());
                String target = nic.name() + " " + kv.getKey();
                if (c.error != null) {
                    errors.add(new PlanError(a.getKey().changeKind(), target, c.error));
                    continue;
                }
                values.computeIfAbsent(a.getKey(), k -> new TreeMap<>()).put(kv.getKey(), c.want);
                if (c.current.isPresent() && c.current.get().equals(c.want)) {
                    out.noop(new NoOp(a.getKey().changeKind(), target, a.getKey().yamlKey + " " + target + " is already "
                            + c.want));
                } else {
                    List<String> notes = new ArrayList<>();
                    if (kv.getValue().equals("max")) {
                        notes.add("max of " + nic.name());
                    }
                    if (a.getKey().resetsLink()) {
                        notes.add("resets the link on most drivers");
                    }
                    changes.add(new Change(a.getKey().changeKind(), target, c.current.orElse(null), c.want, notes));
                }
            }
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
        if (errors.isEmpty()) {
            changes.forEach(out::change);
            if (changes.stream().anyMatch(ch -> Attribute.ofChangeKind(ch.kind()).resetsLink())) {
                out.warning(nic.name() + ": channel, ring or MTU changes reset the link on most drivers"
                        + " (traffic stops for a moment)");
            }
        }
        return new Resolved(nic.name(), values, steering, !errors.isEmpty());
    }

    /** The result of checking one wanted value: the resolved value and the current one, or an error. */
    private record Check(String want, Optional<String> current, String error) {
        static Check ok(String want, Optional<String> current) {
            return new Check(want, current, null);
        }

        static Check error(String message) {
            return new Check(null, Optional.empty(), message);
        }
    }

    private static Check check(Attribute a, NicFacts nic, String key, String want) {
        return switch (a) {
            case CHANNELS -> checkChannels(nic, key, want);
            case RING -> checkRing(nic, key, want);
            case COALESCE -> checkCoalesce(nic, key, want);
            case OFFLOAD -> checkOffload(nic, key, want);
            case MTU -> checkMtu(nic, want);
            case IRQ_AFFINITY, RPS, XPS -> throw new IllegalArgumentException("steering is planned by QueuePlanner");
        };
    }

    private static String who(NicFacts nic) {
        String d = NicMatch.driverOf(nic);
        return nic.name() + (d.isEmpty() ? "" : " (" + d + ")");
    }

    private static <T> String unsupported(NicFacts nic, String what, Outcome<T> o) {
        return who(nic) + " cannot change " + what + ": " + o.error().orElse("unknown reason").strip();
    }

    private static Check checkChannels(NicFacts nic, String key, String want) {
        Optional<ChannelInfo> info = nic.channels().value();
        if (info.isEmpty()) {
            return Check.error(unsupported(nic, "channels", nic.channels()));
        }
        ChannelInfo c = info.get();
        OptionalInt max = switch (key) {
            case "combined" -> c.combinedMax();
            case "rx" -> c.rxMax();
            case "tx" -> c.txMax();
            default -> c.otherMax();
        };
        OptionalInt cur = switch (key) {
            case "combined" -> c.combined();
            case "rx" -> c.rx();
            case "tx" -> c.tx();
            default -> c.other();
        };
        if (max.isEmpty() || max.getAsInt() == 0) {
            String has = c.usesCombined() ? "combined channels (up to " + c.combinedMax().getAsInt() + ")"
                    : "rx/tx channels (rx up to " + c.rxMax().orElse(0) + ", tx up to " + c.txMax().orElse(0) + ")";
            return Check.error(who(nic) + " has no " + key + " channels; it has " + has);
        }
        return bounded(nic, "channels " + key, want, max.getAsInt(), cur);
    }

    private static Check checkRing(NicFacts nic, String key, String want) {
        Optional<RingInfo> info = nic.rings().value();
        if (info.isEmpty()) {
            return Check.error(unsupported(nic, "ring sizes", nic.rings()));
        }
        RingInfo r = info.get();
        OptionalInt max = switch (key) {
            case "rx" -> r.rxMax();
            case "rx-mini" -> r.rxMiniMax();
            case "rx-jumbo" -> r.rxJumboMax();
            default -> r.txMax();
        };
        OptionalInt cur = switch (key) {
            case "rx" -> r.rx();
            case "rx-mini" -> r.rxMini();
            case "rx-jumbo" -> r.rxJumbo();
            default -> r.tx();
        };
        if (max.isEmpty() || max.getAsInt() == 0) {
            return Check.error(who(nic) + " has no " + key + " ring");
        }
        return bounded(nic, "ring " + key, want, max.getAsInt(), cur);
    }

    private static Check bounded(NicFacts nic, String what, String want, int max, OptionalInt cur) {
        int n = want.equals("max") ? max : Integer.parseInt(want);
        if (n > max) {
            return Check.error(what + " " + n + " is above the pre-set maximum " + max + " of " + who(nic));
        }
        return Check.ok(Integer.toString(n), text(cur));
    }

    private static Check checkCoalesce(NicFacts nic, String key, String want) {
        Optional<CoalesceInfo> info = nic.coalesce().value();
        if (info.isEmpty()) {
            return Check.error(unsupported(nic, "coalescing", nic.coalesce()));
        }
        CoalesceInfo c = info.get();
        if (!c.supported(key)) {
            List<String> supported = c.settings().entrySet().stream().filter(e -> c.supported(e.getKey()))
                    .map(Map.Entry::getKey).toList();
            return Check.error("driver of " + who(nic) + " does not support coalesce key " + key
                    + "; it supports: " + (supported.isEmpty() ? "none" : String.join(", ", supported)));
        }
        return Check.ok(want, Optional.ofNullable(c.settings().get(key)));
    }

    private static Check checkOffload(NicFacts nic, String key, String want) {
        Optional<FeatureInfo> info = nic.features().value();
        if (info.isEmpty()) {
            return Check.error(unsupported(nic, "offloads", nic.features()));
        }
        Optional<FeatureInfo.Feature> f = info.get().get(key);
        if (f.isEmpty()) {
            return Check.error(who(nic) + " has no feature " + key + " (" + FeatureInfo.longName(key) + ")");
        }
        String cur = f.get().on() ? "on" : "off";
        if (f.get().fixed() && !cur.equals(want)) {
            return Check.error("offload " + key + " of " + who(nic) + " is fixed " + cur
                    + " by the driver [fixed]; it cannot be turned " + want);
        }
        return Check.ok(want, Optional.of(cur));
    }

    private static Check checkMtu(NicFacts nic, String want) {
        Optional<SysInfo> sys = nic.sys().value();
        OptionalInt cur = sys.map(SysInfo::mtu).orElse(OptionalInt.empty());
        String range = sys.map(s -> s.raw().get("mtu_range")).orElse(null);
        int n = Integer.parseInt(want);
        String[] bounds = range == null ? new String[0] : range.split(" ");
        OptionalInt low = bounds.length == 2 ? HostNumbers.decimalInt(bounds[0]) : OptionalInt.empty();
        OptionalInt high = bounds.length == 2 ? HostNumbers.decimalInt(bounds[1]) : OptionalInt.empty();
        // a range the host printed that is no pair of ints says nothing: the driver decides at apply
        if (low.isPresent() && high.isPresent()) {
            int min = low.getAsInt();
            int max = high.getAsInt();
            if (max > 0 && (n < min || n > max)) {
                return Check.error("mtu " + n + " is outside what " + who(nic) + " allows (" + min + ".." + max + ")");
            }
        }
        return Check.ok(want, text(cur));
    }

    /** The current value of a planned key after apply, read from fresh facts (for verify). */
    static Optional<String> current(Attribute a, NicFacts nic, String key) {
        return switch (a) {
            case CHANNELS -> nic.channels().value().flatMap(c -> text(switch (key) {
                case "combined" -> c.combined();
                case "rx" -> c.rx();
                case "tx" -> c.tx();
                default -> c.other();
            }));
            case RING -> nic.rings().value().flatMap(r -> text(switch (key) {
                case "rx" -> r.rx();
                case "rx-mini" -> r.rxMini();
                case "rx-jumbo" -> r.rxJumbo();
                default -> r.tx();
            }));
            case COALESCE -> nic.coalesce().value().map(c -> c.settings().get(key));
            case OFFLOAD -> nic.features().value().flatMap(f -> f.get(key)).map(f -> f.on() ? "on" : "off");
            case MTU -> nic.sys().value().flatMap(s -> text(s.mtu()));
            case IRQ_AFFINITY, RPS, XPS -> throw new IllegalArgumentException("steering is verified from QueueFacts");
        };
    }

    private static Optional<String> text(OptionalInt v) {
        return v.isPresent() ? Optional.of(Integer.toString(v.getAsInt())) : Optional.empty();
    }
}
