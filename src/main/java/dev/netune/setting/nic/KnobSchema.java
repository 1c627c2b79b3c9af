package dev.netune.setting.nic;

import dev.netune.profile.YamlNode;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Loads the NIC knobs of a rule: {@code txqueuelen}, {@code napi} and {@code qdisc}, with the
 * kernel's own bounds, so a typo fails before any host is contacted.
 */
final class KnobSchema {
    /** dev->tx_queue_len is an unsigned int (net-sysfs.c change_tx_queue_len refuses more with ERANGE). */
    static final long MAX_TXQUEUELEN = 0xFFFF_FFFFL;
    /**
     * napi_defer_hard_irqs: net-sysfs.c refuses above S32_MAX since commit 08062af0a521 (6.12, backported);
     * before, larger values wrapped negative. The same bound on every kernel.
     */
    static final long MAX_DEFER = Integer.MAX_VALUE;
    /** gro_flush_timeout is nanoseconds in an unsigned long; 2^32-1 ns (4.3 s) is far beyond any useful timer. */
    static final long MAX_GRO_FLUSH = 0xFFFF_FFFFL;

    private KnobSchema() {
    }

    static SortedMap<String, String> txqueuelen(YamlNode v) {
        SortedMap<String, String> out = new TreeMap<>();
        NicSchema.number(v, 0, MAX_TXQUEUELEN).ifPresent(n -> out.put("txqueuelen", Long.toString(n)));
        return out;
    }

    /** {deferHardIrqs: 2, groFlushTimeout: 200000, threaded: true}; values as sysfs takes them. */
    static SortedMap<String, String> napi(YamlNode v) {
        SortedMap<String, String> out = new TreeMap<>();
        Map<String, YamlNode> m = v.mapping(Attribute.NAPI.keys);
        if (m.containsKey("deferHardIrqs")) {
            NicSchema.number(m.get("deferHardIrqs"), 0, MAX_DEFER).ifPresent(n -> out.put("deferHardIrqs", Long.toString(n)));
        }
        if (m.containsKey("groFlushTimeout")) {
            NicSchema.number(m.get("groFlushTimeout"), 0, MAX_GRO_FLUSH).ifPresent(n -> out.put("groFlushTimeout", Long.toString(n)));
        }
        if (m.containsKey("threaded")) {
            m.get("threaded").bool().ifPresent(b -> out.put("threaded", b ? "1" : "0"));
        }
        if (m.isEmpty()) {
            v.error("napi needs deferHardIrqs: 2, groFlushTimeout: 200000 (ns) and/or threaded: true");
        }
        return out;
    }

    /** {root: fq} or {root: mq, child: fq_codel}; one value "fq" or "mq (fq_codel)". */
    static SortedMap<String, String> qdisc(YamlNode v) {
        SortedMap<String, String> out = new TreeMap<>();
        Map<String, YamlNode> m = v.mapping(List.of("root", "child"));
        if (!m.containsKey("root")) {
            v.error("qdisc needs root: one of " + String.join(", ", Qdiscs.ROOTS));
            return out;
        }
        String root = m.get("root").string().orElse("");
        if (!Qdiscs.ROOTS.contains(root)) {
            m.get("root").error("'" + root + "' is not a root qdisc netune sets; known: " + String.join(", ", Qdiscs.ROOTS)
                    + (root.equals("mqprio") ? " (mqprio needs a traffic-class map netune does not model)" : ""));
            return out;
        }
        if (!m.containsKey("child")) {
            out.put("qdisc", root);
            return out;
        }
        String child = m.get("child").string().orElse("");
        if (!root.equals("mq")) {
            m.get("child").error("child needs root: mq (one child per transmit queue); root " + root + " has no queue classes");
        } else if (!Qdiscs.LEAVES.contains(child)) {
            m.get("child").error("'" + child + "' is not a child qdisc netune sets; known: " + String.join(", ", Qdiscs.LEAVES));
        } else {
            out.put("qdisc", Qdiscs.text(root, child));
        }
        return out;
    }
}
