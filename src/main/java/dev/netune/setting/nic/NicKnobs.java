package dev.netune.setting.nic;

import dev.netune.fact.Section;
import dev.netune.fact.nic.NicFacts;
import dev.netune.plan.Change;
import dev.netune.setting.ChangeResult;
import dev.netune.transport.ShellScript;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Apply, verify and restore of the NIC knobs outside ethtool: {@code txqueuelen} (ip link),
 * {@code napi} (sysfs) and {@code qdisc} (tc), through the nic-knobs shell library. Apply runs
 * them after every NIC's channels, rings and MTU, which recreate NAPI instances and queues.
 */
final class NicKnobs {
    private NicKnobs() {
    }

    /** A change's target: "eth0" for the one-value knobs (txqueuelen, qdisc), "eth0 KEY" otherwise. */
    static String target(String nic, Attribute a, String key) {
        return a == Attribute.TXQUEUELEN || a == Attribute.QDISC ? nic : nic + " " + key;
    }

    static boolean isKnob(Change c) {
        return Attribute.ofChangeKindIfAny(c.kind()).map(Attribute::isKnob).orElse(false);
    }

    private static String nic(Change c) {
        return c.target().split(" ", 2)[0];
    }

    private static String key(Change c) {
        Attribute a = Attribute.ofChangeKind(c.kind());
        String[] t = c.target().split(" ", 2);
        return t.length == 2 ? t[1] : a.keys.get(0);
    }

    /** One command per NIC and knob, each printing its {@code applied} marker. */
    static String applyScript(List<Change> changes) {
        Map<String, SortedMap<Attribute, List<Change>>> byNic = new LinkedHashMap<>();
        changes.stream().filter(NicKnobs::isKnob).forEach(c -> byNic.computeIfAbsent(nic(c), k -> new TreeMap<>())
                .computeIfAbsent(Attribute.ofChangeKind(c.kind()), k -> new ArrayList<>()).add(c));
        if (byNic.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder(ShellScript.library("nic-knobs"));
        byNic.forEach((nic, attrs) -> attrs.forEach((a, cs) -> {
            List<String> args = new ArrayList<>(List.of(a.changeKind().name(), nic));
            args.addAll(argv(nic, a, cs));
            sb.append(ShellScript.call("netune_nic_cmd", args));
        }));
        return sb.toString();
    }

    private static List<String> argv(String nic, Attribute a, List<Change> cs) {
        Change first = cs.get(0);
        return switch (a) {
            case TXQUEUELEN -> List.of("ip", "link", "set", "dev", nic, "txqueuelen", first.after());
            case NAPI -> {
                List<String> w = new ArrayList<>(List.of("netune_napi_set", nic));
                cs.forEach(c -> w.addAll(List.of(KnobChecks.NAPI.get(key(c)).file(), c.after())));
                yield w;
            }
            case QDISC -> first.notes().contains("rollback") && first.notes().contains(KnobChecks.KERNEL_DEFAULT)
                    ? List.of("netune_qdisc_default", nic)
                    : qdiscSet(nic, first.after());
            default -> throw new IllegalArgumentException(a + " is not a knob");
        };
    }

    private static List<String> qdiscSet(String nic, String value) {
        List<String> w = new ArrayList<>(List.of("netune_qdisc_set", nic, Qdiscs.root(value)));
        Qdiscs.child(value).ifPresent(w::add);
        return w;
    }

    /** The knob re-read after apply, against what was set. */
    static ChangeResult verify(Change c, List<Section> sections, Map<String, NicFacts> after) {
        String nic = nic(c);
        Attribute a = Attribute.ofChangeKind(c.kind());
        Optional<Section> applied = sections.stream().filter(s -> s.kind().equals("applied")
                && s.arg(0).equals(c.kind().name()) && s.arg(1).equals(nic)).findFirst();
        NicFacts facts = after.get(nic);
        Optional<String> actual = facts == null ? Optional.empty() : KnobChecks.current(a, facts, key(c), c.after());
        if (applied.isEmpty()) {
            return new ChangeResult(c, false, actual.orElse(null), "not applied: the apply script stopped before it");
        }
        if (!applied.get().arg(2).equals("0")) {
            return new ChangeResult(c, false, actual.orElse(null), "command failed (exit " + applied.get().arg(2)
                    + "): " + applied.get().body().strip());
        }
        boolean ok = actual.isPresent() && actual.get().equals(c.after());
        return new ChangeResult(c, ok, actual.orElse(null), ok ? "set"
                : "the kernel holds " + actual.orElse("nothing") + " after setting " + c.after());
    }

    /** The knob's line in the restore script (NIC is $NETUNE_NIC there); empty for other attributes. */
    static String restoreLine(Attribute a, SortedMap<String, String> values) {
        return switch (a) {
            case TXQUEUELEN -> ShellScript.call("netune_knob_txqueuelen", values.get("txqueuelen"));
            case NAPI -> {
                List<String> w = new ArrayList<>();
                values.forEach((k, v) -> w.addAll(List.of(KnobChecks.NAPI.get(k).file(), v)));
                yield ShellScript.call("netune_knob_napi", w);
            }
            case QDISC -> {
                String v = values.get("qdisc");
                yield Qdiscs.child(v).isPresent() ? ShellScript.call("netune_knob_qdisc", Qdiscs.root(v), Qdiscs.child(v).get())
                        : ShellScript.call("netune_knob_qdisc", Qdiscs.root(v));
            }
            default -> "";
        };
    }
}
