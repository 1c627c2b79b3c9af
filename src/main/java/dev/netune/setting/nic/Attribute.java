package dev.netune.setting.nic;

import dev.netune.plan.ChangeKind;
import java.util.List;

/**
 * The NIC attributes netune sets, in apply order: channels first (they recreate queues and
 * rings on most drivers), then rings, coalescing, offloads, and the MTU last.
 */
enum Attribute {
    CHANNELS("channels", "-L", List.of("combined", "rx", "tx", "other")),
    RING("ring", "-G", List.of("rx", "rx-mini", "rx-jumbo", "tx")),
    COALESCE("coalesce", "-C", List.of("adaptive-rx", "adaptive-tx", "rx-usecs", "rx-frames", "rx-usecs-irq",
            "rx-frames-irq", "tx-usecs", "tx-frames", "tx-usecs-irq", "tx-frames-irq", "stats-block-usecs",
            "pkt-rate-low", "rx-usecs-low", "rx-frames-low", "tx-usecs-low", "tx-frames-low", "pkt-rate-high",
            "rx-usecs-high", "rx-frames-high", "tx-usecs-high", "tx-frames-high", "sample-interval",
            "cqe-mode-rx", "cqe-mode-tx")),
    OFFLOAD("offload", "-K", List.of()),
    MTU("mtu", null, List.of("mtu")),
    /** The transmit queue length ({@code ip link set txqueuelen}); after MTU, which some drivers reset it with. */
    TXQUEUELEN("txqueuelen", null, List.of("txqueuelen")),
    /** NAPI deferral, GRO flush timer and threaded NAPI (sysfs); after channels, which recreate the NAPI instances. */
    NAPI("napi", null, List.of("deferHardIrqs", "groFlushTimeout", "threaded")),
    /** The root qdisc (and mq's per-queue children) with tc; after MTU and channels, which change the queues. */
    QDISC("qdisc", null, List.of("qdisc")),
    /** Queue IRQs to CPUs; after channels, which recreate the IRQs. */
    IRQ_AFFINITY("irqAffinity", null, List.of("policy", "cpus")),
    /** Receive packet steering per rx queue, and the flow table sizes. */
    RPS("rps", null, List.of("cpus", "flowEntries")),
    /** Transmit packet steering per tx queue. */
    XPS("xps", null, List.of("policy", "cpus")),
    /** The RSS indirection table and hash; after channels, whose change resets the table on many drivers. */
    RSS("rss", "-X", List.of("table", "hfunc", "hkey")),
    /** Ethernet flow control (pause frames). */
    PAUSE("pause", "-A", List.of("autoneg", "rx", "tx"));

    /** Coalesce keys that take on/off rather than a number. */
    /** The family every NIC change kind belongs to: nic.ring, nic.mtu ... */
    static final String FAMILY = "nic";
    static final List<String> COALESCE_FLAGS = List.of("adaptive-rx", "adaptive-tx", "cqe-mode-rx", "cqe-mode-tx");

    final String yamlKey;
    final String ethtoolOption;
    final List<String> keys;

    Attribute(String yamlKey, String ethtoolOption, List<String> keys) {
        this.yamlKey = yamlKey;
        this.ethtoolOption = ethtoolOption;
        this.keys = keys;
    }

    /** The change kind in plans: {@code nic.ring}. */
    ChangeKind changeKind() {
        return ChangeKind.of(FAMILY + "." + yamlKey);
    }

    /** Attributes about queues and CPUs, planned from the queue layout rather than ethtool. */
    boolean isQueueSteering() {
        return this == IRQ_AFFINITY || this == RPS || this == XPS;
    }

    /** The knobs set through sysfs, ip and tc rather than ethtool (see NicKnobs). */
    boolean isKnob() {
        return this == TXQUEUELEN || this == NAPI || this == QDISC;
    }

    /** Whether a change of this attribute resets the link (drops traffic briefly) on most drivers. */
    boolean resetsLink() {
        // flow control: e1000e, igb and others renegotiate the link to apply it
        return this == CHANNELS || this == RING || this == MTU || this == PAUSE;
    }

    static java.util.Optional<Attribute> ofChangeKindIfAny(ChangeKind kind) {
        for (Attribute a : values()) {
            if (a.changeKind().equals(kind)) {
                return java.util.Optional.of(a);
            }
        }
        return java.util.Optional.empty();
    }

    static Attribute ofChangeKind(ChangeKind kind) {
        return ofChangeKindIfAny(kind).orElseThrow(() -> new IllegalArgumentException("not a NIC change kind: " + kind));
    }
}
