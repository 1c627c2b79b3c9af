package dev.netune.setting.nic;

import dev.netune.fact.HostNumbers;
import dev.netune.fact.nic.ChannelInfo;
import dev.netune.fact.nic.CoalesceInfo;
import dev.netune.fact.nic.FeatureInfo;
import dev.netune.fact.nic.NicFacts;
import dev.netune.fact.nic.Outcome;
import dev.netune.fact.nic.RingInfo;
import dev.netune.fact.nic.SysInfo;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Checks one wanted NIC value against what the driver reports it can do: {@code max} resolved to
 * a number, bounds and fixed features enforced, the current value read for the change's before.
 */
final class NicChecks {
    private NicChecks() {
    }

    /**
     * The result of checking one wanted value: the resolved value and the current one, or an
     * error; {@code notes} say what could not be checked.
     */
    record Check(String want, Optional<String> current, String error, List<String> notes) {
        static Check ok(String want, Optional<String> current) {
            return new Check(want, current, null, List.of());
        }

        static Check error(String message) {
            return new Check(null, Optional.empty(), message, List.of());
        }
    }

    static Check check(Attribute a, NicFacts nic, String key, String want) {
        return switch (a) {
            case CHANNELS -> checkChannels(nic, key, want);
            case RING -> checkRing(nic, key, want);
            case COALESCE -> checkCoalesce(nic, key, want);
            case OFFLOAD -> checkOffload(nic, key, want);
            case MTU -> checkMtu(nic, want);
            case PAUSE -> RssChecks.checkPause(nic, key, want);
            case IRQ_AFFINITY, RPS, XPS -> throw new IllegalArgumentException("steering is planned by QueuePlanner");
            case TXQUEUELEN, NAPI, QDISC -> throw new IllegalArgumentException("knobs are checked by KnobChecks");
            case RSS -> throw new IllegalArgumentException("the RSS table needs the planned channels: RssChecks");
        };
    }

    static String who(NicFacts nic) {
        String d = NicMatch.driverOf(nic);
        return nic.name() + (d.isEmpty() ? "" : " (" + d + ")");
    }

    static <T> String unsupported(NicFacts nic, String what, Outcome<T> o) {
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
        if (c.supports(key).isEmpty() && c.settings().containsKey(key)) {
            // old ioctl text: an unsupported key prints 0 like a supported one; apply and verify tell
            return new Check(want, Optional.ofNullable(c.settings().get(key)), null, List.of("driver support unknown:"
                    + " this host's ethtool prints 0 for keys the driver ignores; a refusal shows at apply and verify"));
        }
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
            case TXQUEUELEN, NAPI, QDISC -> throw new IllegalArgumentException("knobs are verified by NicKnobs");
            case RSS, PAUSE -> RssChecks.current(a, nic, key, null);
        };
    }

    private static Optional<String> text(OptionalInt v) {
        return v.isPresent() ? Optional.of(Integer.toString(v.getAsInt())) : Optional.empty();
    }
}
