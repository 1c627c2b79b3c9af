package dev.netune.diagnose;

import dev.netune.fact.nic.ChannelInfo;
import dev.netune.fact.nic.NicFacts;
import dev.netune.fact.nic.RingInfo;
import static dev.netune.diagnose.Diagnoser.*;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.TreeMap;
/** Diagnosis rules for packets dropped before a socket saw them: full NIC rings and softnet backlog or budget. */
final class DropRules {
    private DropRules() {
    }

    // ---- NIC ring drops ----

    static void nicDrops(CounterFacts f, double s, List<Finding> out) {
        for (String nic : f.second().sysStats().keySet()) {
            List<Evidence> ring = new ArrayList<>();
            Map<String, Long> e1 = f.first().ethtool().getOrDefault(nic, Map.of());
            Map<String, Long> e2 = f.second().ethtool().getOrDefault(nic, Map.of());
            boolean hasTotal = e2.containsKey("rx_drops");
            for (var e : e2.entrySet()) {
                String name = e.getKey();
                boolean perQueue = VIRTIO_QUEUE_DROPS.matcher(name).matches();
                if (!RING_COUNTERS.contains(name) && !(perQueue && !hasTotal)) {
                    continue;
                }
                long d = delta(e1.get(name), e.getValue());
                if (d > 0) {
                    ring.add(Evidence.growth("ethtool -S " + nic + " " + name, d, s));
                }
            }
            Map<String, Long> s1 = f.first().sysStats().getOrDefault(nic, Map.of());
            Map<String, Long> s2 = f.second().sysStats().getOrDefault(nic, Map.of());
            if (ring.isEmpty()) {
                for (String name : List.of("rx_missed_errors", "rx_fifo_errors", "rx_over_errors")) {
                    long d = delta(s1.get(name), s2.get(name));
                    if (d > 0) {
                        ring.add(Evidence.growth("/sys/class/net/" + nic + "/statistics/" + name, d, s));
                    }
                }
            }
            for (String name : ENA_ALLOWANCES) {
                long d = delta(e1.get(name), e2.get(name));
                if (d > 0) {
                    Evidence ev = Evidence.growth("ethtool -S " + nic + " " + name, d, s);
                    out.add(new Finding(Severity.ofRate(ev.rate(), 1, 100), "cloud-allowance-exceeded",
                            "the cloud's per-instance limit drops packets on " + nic, List.of(ev), "",
                            name + " counts packets the hypervisor dropped because the instance exceeded its"
                                    + " bandwidth/PPS/conntrack allowance; no host knob fixes that: use a larger"
                                    + " instance type or spread the traffic", List.of()));
                }
            }
            if (!ring.isEmpty()) {
                out.add(ringFinding(f, nic, ring));
                continue;
            }
            boolean virtual = f.nics().containsKey(nic) && f.nics().get(nic).sys().value().map(x -> x.virtual()).orElse(false);
            long dropped = delta(s1.get("rx_dropped"), s2.get("rx_dropped"));
            if (dropped > 0 && !virtual) {
                Evidence ev = Evidence.growth("/sys/class/net/" + nic + "/statistics/rx_dropped", dropped, s);
                out.add(new Finding(Severity.INFO, "nic-rx-dropped", "packets dropped after the NIC on " + nic,
                        List.of(ev), "",
                        "rx_dropped also counts frames the stack does not want (unknown protocols, VLANs, full"
                                + " backlog); no ring counter grew, so the ring is not the cause: compare with"
                                + " softnet_stat drops", List.of()));
            }
        }
    }

    private static Finding ringFinding(CounterFacts f, String nic, List<Evidence> ring) {
        ring.sort(Comparator.comparingDouble((Evidence e) -> e.rate()).reversed());
        Evidence top = ring.get(0);
        Severity sev = Severity.ofRate(top.rate(), 1, 100);
        NicFacts facts = f.nics().get(nic);
        Optional<RingInfo> rings = facts == null ? Optional.empty() : facts.rings().value();
        OptionalInt rx = rings.map(RingInfo::rx).orElse(OptionalInt.empty());
        OptionalInt rxMax = rings.map(RingInfo::rxMax).orElse(OptionalInt.empty());
        String why = name(top) + " grows " + Evidence.rate(top.rate()) + "/s";
        if (rx.isPresent() && rxMax.isPresent() && rx.getAsInt() < rxMax.getAsInt()) {
            return new Finding(sev, "nic-ring-full", "the RX ring of " + nic + " overflows", ring,
                    "ring rx on " + nic + " " + rx.getAsInt() + " -> " + rxMax.getAsInt(),
                    "ring rx from " + rx.getAsInt() + " to the pre-set max " + rxMax.getAsInt() + " on " + nic
                            + " because " + why + ": the NIC drops frames when the ring is full before the"
                            + " softirq empties it (cost: memory per slot; the link resets while rings change)",
                    List.of(new Suggestion.Nic(nic, "ring", Map.of("rx", Integer.toString(rxMax.getAsInt())))));
        }
        Optional<ChannelInfo> ch = facts == null ? Optional.empty() : facts.channels().value();
        if (ch.isPresent() && ch.get().usesCombined() && ch.get().combined().isPresent()
                && ch.get().combined().getAsInt() < ch.get().combinedMax().getAsInt()) {
            int cur = ch.get().combined().getAsInt();
            int max = ch.get().combinedMax().getAsInt();
            return new Finding(sev, "nic-ring-full", "the RX ring of " + nic + " overflows", ring,
                    "channels combined on " + nic + " " + cur + " -> " + max,
                    "the ring is " + (rx.isPresent() ? "already at its maximum " + rx.getAsInt() : "not resizable")
                            + " and " + why + ": more queues (" + cur + " -> " + max + ") let more CPUs empty"
                            + " rings at once, which helps more than a bigger ring",
                    List.of(new Suggestion.Nic(nic, "channels", Map.of("combined", Integer.toString(max)))));
        }
        return new Finding(sev, "nic-ring-full", "the RX ring of " + nic + " overflows", ring, "",
                why + ", but the ring" + (rx.isPresent() ? " is at its maximum " + rx.getAsInt() : " size is unknown")
                        + " and the queues cannot grow: spread the queue IRQs over more CPUs and raise the softirq"
                        + " budget (see the other findings), or reduce the packet rate", List.of());
    }

    private static String name(Evidence e) {
        String c = e.counter();
        return c.substring(c.lastIndexOf(c.contains("/") && !c.startsWith("ethtool") ? '/' : ' ') + 1);
    }

    // ---- softnet ----

    static void softnet(CounterFacts f, double s, List<Finding> out) {
        Map<Integer, ProcNet.Softnet> before = new TreeMap<>();
        f.first().softnet().forEach(r -> before.put(r.cpu(), r));
        long dropped = 0;
        long squeezed = 0;
        int dropCpu = -1;
        long dropMax = 0;
        int squeezeCpu = -1;
        long squeezeMax = 0;
        SortedMap<Integer, Long> drops = new TreeMap<>();
        SortedMap<Integer, Long> squeezes = new TreeMap<>();
        for (ProcNet.Softnet r : f.second().softnet()) {
            ProcNet.Softnet b = before.get(r.cpu());
            if (b == null) {
                continue;
            }
            long d = delta(b.dropped(), r.dropped());
            long q = delta(b.squeezed(), r.squeezed());
            dropped += d;
            squeezed += q;
            drops.put(r.cpu(), d);
            squeezes.put(r.cpu(), q);
            if (d > dropMax) {
                dropMax = d;
                dropCpu = r.cpu();
            }
            if (q > squeezeMax) {
                squeezeMax = q;
                squeezeCpu = r.cpu();
            }
        }
        if (dropped > 0) {
            Evidence ev = Evidence.growth("/proc/net/softnet_stat dropped (all CPUs; most on CPU" + dropCpu + ")",
                    dropped, s);
            Optional<Long> cur = f.knob("net.core.netdev_max_backlog");
            long to = Math.max(cur.orElse(1000L) * 2, 2000);
            out.add(new Finding(Severity.ofRate(ev.rate(), 1, 100), "backlog-drops",
                    "the per-CPU input backlog overflows", List.of(ev),
                    "net.core.netdev_max_backlog " + cur.map(String::valueOf).orElse("?") + " -> " + to,
                    "net.core.netdev_max_backlog " + cur.map(String::valueOf).orElse("?") + " -> " + to
                            + " because softnet_stat dropped grows " + Evidence.rate(ev.rate())
                            + "/s: packets wait per CPU between the NIC and the protocol stack and are dropped"
                            + " when that queue is full (cost: queued packets wait longer)",
                    List.of(new Suggestion.Sysctl("net.core.netdev_max_backlog", cur.map(String::valueOf).orElse(""),
                            Long.toString(to)))).withChart(BarChart.perCpu(drops, s)));
        }
        if (squeezed > 0) {
            Evidence ev = Evidence.growth("/proc/net/softnet_stat time_squeeze (all CPUs; most on CPU" + squeezeCpu + ")",
                    squeezed, s);
            Optional<Long> cur = f.knob(Suggestion.SOFTIRQ_BUDGET);
            long to = Math.max(cur.orElse(300L) * 2, 600);
            out.add(new Finding(Severity.ofRate(ev.rate(), 1, 100), "softirq-squeeze",
                    "the softirq runs out of budget before the rings are empty", List.of(ev),
                    "net.core.netdev_budget " + cur.map(String::valueOf).orElse("?") + " -> " + to,
                    "softirq budget " + cur.map(String::valueOf).orElse("?") + " -> " + to + " because time_squeeze grows "
                            + Evidence.rate(ev.rate()) + "/s: ksoftirqd stopped with packets left (budget or "
                            + "netdev_budget_usecs " + f.knobs().getOrDefault("net.core.netdev_budget_usecs", "?")
                            + " us used up); cost: other tasks on that CPU wait longer",
                    List.of(new Suggestion.Sysctl(Suggestion.SOFTIRQ_BUDGET, cur.map(String::valueOf).orElse(""),
                            Long.toString(to)))).withChart(BarChart.perCpu(squeezes, s)));
        }
    }
}
