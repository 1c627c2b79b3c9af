package dev.netune.setting.nic;

import dev.netune.fact.nic.NicFacts;
import dev.netune.fact.nic.QdiscTree;
import dev.netune.fact.nic.SysInfo;
import dev.netune.setting.shared.QdiscModules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a wanted txqueuelen, NAPI or qdisc value against what the host reports: the sysfs file
 * this kernel has (napi keys are newer than many kernels), the qdisc modules it can load, and
 * whether the device has the transmit queues mq needs.
 */
final class KnobChecks {
    /** A planned qdisc change whose before is the root the kernel attached itself: rollback deletes ours. */
    static final String KERNEL_DEFAULT = "before is the kernel's default qdisc (rollback: tc qdisc del restores it)";

    /** The napi keys: their sysfs file and the first kernel that has it (Documentation/ABI/testing/sysfs-class-net, git). */
    record NapiFile(String file, String since) {
    }

    static final Map<String, NapiFile> NAPI = Map.of(
            // commit 3b47d30396ba "net: gro: add a per device gro flush timer" (3.19)
            "groFlushTimeout", new NapiFile("gro_flush_timeout", "3.19"),
            // commit 6f8b12d661d0 "net: napi: add hard irqs deferral feature" (net-next, April 2020: 5.8)
            "deferHardIrqs", new NapiFile("napi_defer_hard_irqs", "5.8"),
            // commit 5fdd2f0e5c64 "net: add sysfs attribute to control napi threaded mode"; ABI doc: 5.12
            "threaded", new NapiFile("threaded", "5.12"));

    private KnobChecks() {
    }

    static NicChecks.Check check(Attribute a, NicFacts nic, String key, String want, QdiscModules modules) {
        Optional<SysInfo> sys = nic.sys().value();
        if (sys.isEmpty() && a != Attribute.QDISC) {
            return NicChecks.Check.error(nic.name() + ": sysfs not readable: " + nic.sys().error().orElse("unknown reason"));
        }
        return switch (a) {
            case TXQUEUELEN -> NicChecks.Check.ok(want, Optional.ofNullable(sys.get().raw().get("tx_queue_len")));
            case NAPI -> {
                NapiFile f = NAPI.get(key);
                String cur = sys.get().raw().get(f.file());
                yield cur == null
                        ? NicChecks.Check.error("napi " + key + ": /sys/class/net/" + nic.name() + "/" + f.file()
                                + " is not supported by this kernel (needs Linux " + f.since() + ")")
                        : NicChecks.Check.ok(want, Optional.of(cur));
            }
            case QDISC -> qdisc(nic, want, modules);
            default -> throw new IllegalArgumentException(a + " is not a knob");
        };
    }

    private static NicChecks.Check qdisc(NicFacts nic, String want, QdiscModules modules) {
        Optional<QdiscTree> tree = nic.qdiscs().value();
        if (tree.isEmpty()) {
            return NicChecks.Check.error("cannot read the qdiscs of " + nic.name() + ": "
                    + nic.qdiscs().error().orElse("unknown reason"));
        }
        String root = Qdiscs.root(want);
        int txQueues = nic.sys().value().map(SysInfo::txQueues).orElse(0);
        if (root.equals("mq") && txQueues < 2) {
            return NicChecks.Check.error("mq needs a multi-queue device; " + nic.name() + " has " + txQueues
                    + " transmit queue" + (txQueues == 1 ? "" : "s") + ": use a root such as fq or fq_codel");
        }
        List<String> notes = new ArrayList<>();
        for (String kind : Qdiscs.child(want).map(c -> List.of(root, c)).orElse(List.of(root))) {
            Optional<QdiscModules.Verdict> v = modules.verdict(kind);
            if (v.isPresent() && v.get().refused()) {
                return NicChecks.Check.error(v.get().message());
            }
            v.ifPresent(x -> notes.add(x.message()));
        }
        Optional<String> current = tree.get().summary();
        if (Qdiscs.holds(tree.get(), want)) {
            current = Optional.of(want); // mq alone: whatever children net.core.default_qdisc gave it
        } else {
            // tc replaces the qdisc whole: what the old one held is dropped, as at any qdisc change
            notes.add("packets queued in the old qdisc are dropped");
            notes.add(tree.get().isKernelDefault() ? KERNEL_DEFAULT
                    : "rollback sets " + current.orElse("the root") + " again with default parameters");
        }
        return new NicChecks.Check(want, current, null, notes);
    }

    /** The value the NIC holds now, for verify; a qdisc that holds what was wanted reads as the wanted text. */
    static Optional<String> current(Attribute a, NicFacts nic, String key, String wanted) {
        return switch (a) {
            case TXQUEUELEN -> nic.sys().value().map(s -> s.raw().get("tx_queue_len"));
            case NAPI -> nic.sys().value().map(s -> s.raw().get(NAPI.get(key).file()));
            case QDISC -> nic.qdiscs().value().flatMap(t -> Qdiscs.holds(t, wanted) ? Optional.of(wanted) : t.summary());
            default -> throw new IllegalArgumentException(a + " is not a knob");
        };
    }
}
