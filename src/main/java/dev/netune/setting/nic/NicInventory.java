package dev.netune.setting.nic;

import dev.netune.fact.FactSource;
import dev.netune.fact.Section;
import dev.netune.fact.TextFact;
import dev.netune.fact.nic.ChannelInfo;
import dev.netune.fact.nic.Ethtool;
import dev.netune.fact.nic.Outcome;
import dev.netune.fact.nic.NicFacts;
import dev.netune.fact.nic.NicGather;
import dev.netune.fact.nic.RingInfo;
import java.util.Collections;
import java.util.List;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Every NIC of a host as read by {@link NicGather}, with a readable rendering for {@code facts}. */
public record NicInventory(SortedMap<String, NicFacts> nics) implements TextFact {
    public NicInventory {
        nics = Collections.unmodifiableSortedMap(new TreeMap<>(nics));
    }

    static final FactSource<NicInventory> SOURCE = new FactSource<>() {
        @Override
        public String id() {
            return "nic";
        }

        @Override
        public String script() {
            return NicGather.script();
        }

        @Override
        public NicInventory parse(List<Section> sections) {
            return new NicInventory(NicGather.parse(sections));
        }
    };

    @Override
    public String toText() {
        StringBuilder sb = new StringBuilder();
        for (NicFacts n : nics.values()) {
            sb.append(n.name()).append(':');
            n.sys().value().ifPresent(s -> {
                sb.append(" driver ").append(s.driver().orElse(s.virtual() ? "(virtual)" : "?"));
                s.bus().ifPresent(b -> sb.append(", bus ").append(s.parentBus().map(p -> p + "/" + b).orElse(b)));
                s.mtu().ifPresent(m -> sb.append(", mtu ").append(m));
                sb.append(", queues rx ").append(s.rxQueues()).append(" tx ").append(s.txQueues());
                s.numaNode().ifPresent(x -> sb.append(", numa ").append(x));
            });
            sb.append('\n');
            sb.append("  ring: ").append(n.rings().value().map(NicInventory::rings)
                    .orElseGet(() -> unread(n.rings()))).append('\n');
            sb.append("  channels: ").append(n.channels().value().map(NicInventory::channels)
                    .orElseGet(() -> unread(n.channels()))).append('\n');
            sb.append("  coalesce: ").append(n.coalesce().value().map(c -> c.settings().entrySet().stream()
                    .filter(e -> !e.getValue().equals("n/a"))
                    .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")))
                    .orElseGet(() -> unread(n.coalesce()))).append('\n');
            sb.append("  offload: ").append(n.features().value().map(f -> List.of("gro", "lro", "tso", "gso", "rx", "tx", "sg")
                    .stream().map(k -> f.get(k).map(x -> k + " " + (x.on() ? "on" : "off") + (x.fixed() ? " [fixed]" : "")).orElse(null))
                    .filter(x -> x != null).collect(Collectors.joining(", ")))
                    .orElseGet(() -> unread(n.features()))).append('\n');
            sb.append("  queueing: ").append(queueing(n)).append('\n');
            if (!n.queueIrqs().isEmpty()) {
                sb.append("  queue irqs: ").append(n.queueIrqs().stream().map(q -> q.name() + "=" + q.irq())
                        .collect(Collectors.joining(", "))).append('\n');
            }
        }
        return sb.toString();
    }

    /** txqueuelen, the NAPI knobs the kernel has, and the qdiscs: "txqueuelen 1000, napi_defer_hard_irqs 0, ..., qdisc mq (fq_codel)". */
    private static String queueing(NicFacts n) {
        List<String> parts = new java.util.ArrayList<>();
        n.sys().value().ifPresent(s -> {
            for (String k : List.of("tx_queue_len", "napi_defer_hard_irqs", "gro_flush_timeout", "threaded")) {
                String v = s.raw().get(k);
                parts.add(k.equals("tx_queue_len") ? "txqueuelen " + (v == null ? "?" : v)
                        : k + " " + (v == null ? "(not in this kernel)" : v));
            }
        });
        parts.add("qdisc " + n.qdiscs().value().map(t -> t.summary().orElse("none"))
                .orElseGet(() -> "unknown (" + n.qdiscs().error().orElse("not read") + ")"));
        return String.join(", ", parts);
    }

    /** Why a fact is empty: a host without ethtool does not know, a driver without the feature does not have it. */
    private static String unread(Outcome<?> fact) {
        return Ethtool.missing(fact) ? "unknown (ethtool missing)" : "unsupported (" + fact.error().orElse("") + ")";
    }

    private static String rings(RingInfo r) {
        return "rx " + pair(r.rx(), r.rxMax()) + ", tx " + pair(r.tx(), r.txMax())
                + (r.rxJumboMax().isPresent() && r.rxJumboMax().getAsInt() > 0 ? ", rx-jumbo " + pair(r.rxJumbo(), r.rxJumboMax()) : "")
                + (r.rxMiniMax().isPresent() && r.rxMiniMax().getAsInt() > 0 ? ", rx-mini " + pair(r.rxMini(), r.rxMiniMax()) : "");
    }

    private static String channels(ChannelInfo c) {
        return c.usesCombined() ? "combined " + pair(c.combined(), c.combinedMax())
                : "rx " + pair(c.rx(), c.rxMax()) + ", tx " + pair(c.tx(), c.txMax());
    }

    /** "256 (max 4096)". */
    private static String pair(OptionalInt cur, OptionalInt max) {
        return (cur.isPresent() ? String.valueOf(cur.getAsInt()) : "n/a")
                + " (max " + (max.isPresent() ? String.valueOf(max.getAsInt()) : "n/a") + ")";
    }
}
