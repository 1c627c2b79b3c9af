package dev.netune.diagnose;

import dev.netune.fact.nic.ChannelInfo;
import dev.netune.fact.nic.InterruptTable;
import dev.netune.fact.nic.NicFacts;
import dev.netune.fact.nic.QueueIrq;
import dev.netune.fact.nic.RingInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The pure analysis: two samples of a host's counters in, findings out, most severe first.
 * Every rule turns counter growth into a rate per second and names the one knob that counter
 * asks for, with its current value and a concrete new one.
 */
public final class Diagnoser {
    /** ethtool -S counters that mean "the NIC had no free RX descriptor": the ring was full. */
    static final List<String> RING_COUNTERS = List.of("rx_missed_errors", "rx_no_buffer_count", "rx_out_of_buffer",
            "rx_no_dma_resources", "rx_fifo_errors", "port.rx_dropped", "rx_drops");
    /** virtio_net per-queue drops: rx_queue_0_drops (older kernels), rx0_drops (6.x). */
    static final Pattern VIRTIO_QUEUE_DROPS = Pattern.compile("rx_queue_\\d+_drops|rx\\d+_drops");
    /** ENA: the cloud's per-instance limits, not anything on the host. */
    static final List<String> ENA_ALLOWANCES = List.of("bw_in_allowance_exceeded", "bw_out_allowance_exceeded",
            "pps_allowance_exceeded", "conntrack_allowance_exceeded", "linklocal_allowance_exceeded");

    static final int SOMAXCONN_FLOOR = 4096;
    static final int SOMAXCONN_CEILING = 65535;
    static final String WIDE_PORT_RANGE = "10000 64999"; // ends of different parity, as the kernel prefers
    static final double HANDSHAKES_PER_SECOND = 1000;
    static final double IRQ_MIN_RATE = 100;

    private Diagnoser() {
    }

    /** All findings for one host, ranked: severity, then the fastest-growing counter first. */
    public static List<Finding> diagnose(CounterFacts f) {
        List<Finding> out = new ArrayList<>();
        double s = f.seconds();
        nicDrops(f, s, out);
        softnet(f, s, out);
        acceptQueue(f, s, out);
        ports(f, out);
        timeWaitOverflow(f, s, out);
        irqs(f, s, out);
        fileNr(f, out);
        handshakes(f, s, out);
        retransmits(f, s, out);
        out.sort(Comparator.comparing(Finding::severity).thenComparing(Comparator.comparingDouble((Finding x) -> x.rate()).reversed())
                .thenComparing(Finding::code));
        return out;
    }

    // ---- NIC ring drops ----

    private static void nicDrops(CounterFacts f, double s, List<Finding> out) {
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

    private static void softnet(CounterFacts f, double s, List<Finding> out) {
        Map<Integer, ProcNet.Softnet> before = new TreeMap<>();
        f.first().softnet().forEach(r -> before.put(r.cpu(), r));
        long dropped = 0;
        long squeezed = 0;
        int dropCpu = -1;
        long dropMax = 0;
        int squeezeCpu = -1;
        long squeezeMax = 0;
        for (ProcNet.Softnet r : f.second().softnet()) {
            ProcNet.Softnet b = before.get(r.cpu());
            if (b == null) {
                continue;
            }
            long d = delta(b.dropped(), r.dropped());
            long q = delta(b.squeezed(), r.squeezed());
            dropped += d;
            squeezed += q;
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
                            Long.toString(to)))));
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
                            Long.toString(to)))));
        }
    }

    // ---- accept and SYN queues ----

    private static void acceptQueue(CounterFacts f, double s, List<Finding> out) {
        List<Evidence> ev = new ArrayList<>();
        for (String c : List.of("TcpExt.ListenOverflows", "TcpExt.ListenDrops", "TcpExt.TCPReqQFullDrop")) {
            long d = delta(f.first().snmp().get(c), f.second().snmp().get(c));
            if (d > 0) {
                ev.add(Evidence.growth("/proc/net/netstat " + c, d, s));
            }
        }
        if (ev.isEmpty()) {
            return;
        }
        Optional<Long> som = f.knob("net.core.somaxconn");
        Optional<Long> syn = f.knob("net.ipv4.tcp_max_syn_backlog");
        long somTo = Math.max(SOMAXCONN_FLOOR, Math.min(SOMAXCONN_CEILING, som.orElse(1024L) * 4));
        List<Suggestion> sug = new ArrayList<>();
        List<String> knob = new ArrayList<>();
        if (som.isEmpty() || som.get() < somTo) {
            sug.add(new Suggestion.Sysctl("net.core.somaxconn", som.map(String::valueOf).orElse(""), Long.toString(somTo)));
            knob.add("net.core.somaxconn " + som.map(String::valueOf).orElse("?") + " -> " + somTo);
        }
        long synTo = Math.max(somTo, syn.orElse(0L));
        if (syn.isEmpty() || syn.get() < synTo) {
            sug.add(new Suggestion.Sysctl("net.ipv4.tcp_max_syn_backlog", syn.map(String::valueOf).orElse(""),
                    Long.toString(synTo)));
            knob.add("net.ipv4.tcp_max_syn_backlog " + syn.map(String::valueOf).orElse("?") + " -> " + synTo);
        }
        double rate = ev.stream().mapToDouble(Evidence::rate).max().orElse(0);
        out.add(new Finding(Severity.ofRate(rate, 0, 10), "accept-queue-overflow",
                "listen queues overflow: connections are dropped", ev, String.join(", ", knob),
                String.join(", ", knob) + " because " + ev.get(0).counter().replace("/proc/net/netstat ", "") + " grows "
                        + Evidence.rate(ev.get(0).rate()) + "/s: the accept queue is min(backlog, somaxconn) and a full"
                        + " one drops the handshake; the application must also pass a large backlog to listen()"
                        + " and accept fast enough",
                sug));
    }

    // ---- local ports and TIME_WAIT ----

    private static void ports(CounterFacts f, List<Finding> out) {
        if (f.ports().isEmpty() || f.ports().get().rangeSize() == 0) {
            return;
        }
        PortUsage p = f.ports().get();
        double share = (double) p.busiestPorts() / p.rangeSize();
        if (share < 0.6) {
            return;
        }
        int tw = p.sockets("TIME_WAIT");
        List<Evidence> ev = new ArrayList<>();
        ev.add(Evidence.level("local ports " + p.low() + "-" + p.high() + " toward " + p.busiestDestination(),
                p.busiestPorts(), p.busiestPorts() + " of " + p.rangeSize() + " in use ("
                        + String.format(Locale.ROOT, "%.0f", share * 100) + "%); by state " + p.sockets()));
        List<Suggestion> sug = new ArrayList<>();
        List<String> knob = new ArrayList<>();
        String range = p.low() + " " + p.high();
        if (p.rangeSize() < 55001) {
            sug.add(new Suggestion.Sysctl("net.ipv4.ip_local_port_range", range, WIDE_PORT_RANGE));
            knob.add("net.ipv4.ip_local_port_range \"" + range + "\" -> \"" + WIDE_PORT_RANGE + "\"");
        }
        Optional<Long> reuse = f.knob("net.ipv4.tcp_tw_reuse");
        if (tw * 2 >= p.totalSockets() && (reuse.isEmpty() || reuse.get() != 1)) {
            sug.add(new Suggestion.Sysctl("net.ipv4.tcp_tw_reuse", reuse.map(String::valueOf).orElse(""), "1"));
            knob.add("net.ipv4.tcp_tw_reuse " + reuse.map(String::valueOf).orElse("?") + " -> 1");
        }
        out.add(new Finding(share >= 0.9 ? Severity.CRITICAL : Severity.WARNING, "local-ports-exhausted",
                "outgoing connections are running out of local ports", ev, String.join(", ", knob),
                (knob.isEmpty() ? "" : String.join(", ", knob) + " because ") + p.busiestPorts() + " of "
                        + p.rangeSize() + " local ports toward " + p.busiestDestination() + " are taken (" + tw
                        + " sockets in TIME_WAIT): connect() fails with EADDRNOTAVAIL when none is left."
                        + " Reuse connections (keep-alive, pools) instead of opening one per request; more client"
                        + " IPs or destinations also multiply the ports",
                sug));
    }

    private static void timeWaitOverflow(CounterFacts f, double s, List<Finding> out) {
        String c = "TcpExt.TCPTimeWaitOverflow";
        long d = delta(f.first().snmp().get(c), f.second().snmp().get(c));
        if (d <= 0) {
            return;
        }
        Evidence ev = Evidence.growth("/proc/net/netstat " + c, d, s);
        Optional<Long> cur = f.knob("net.ipv4.tcp_max_tw_buckets");
        long tw = f.second().sockstat().getOrDefault("TCP.tw", 0L);
        long to = Math.max(cur.orElse(0L) * 2, Math.max(tw * 2, 262144));
        out.add(new Finding(Severity.ofRate(ev.rate(), 0, 100), "time-wait-overflow",
                "TIME_WAIT sockets are destroyed early (tcp_max_tw_buckets reached)",
                List.of(ev, Evidence.level("/proc/net/sockstat TCP tw", tw, tw + " sockets in TIME_WAIT")),
                "net.ipv4.tcp_max_tw_buckets " + cur.map(String::valueOf).orElse("?") + " -> " + to,
                "net.ipv4.tcp_max_tw_buckets " + cur.map(String::valueOf).orElse("?") + " -> " + to
                        + " because TCPTimeWaitOverflow grows " + Evidence.rate(ev.rate()) + "/s: a TIME_WAIT dropped"
                        + " early can let a late segment of an old connection into a new one; fewer short"
                        + " connections is the real cure",
                List.of(new Suggestion.Sysctl("net.ipv4.tcp_max_tw_buckets", cur.map(String::valueOf).orElse(""),
                        Long.toString(to)))));
    }

    // ---- IRQ load per CPU ----

    private static void irqs(CounterFacts f, double s, List<Finding> out) {
        if (f.first().interrupts().isEmpty() || f.second().interrupts().isEmpty()) {
            return;
        }
        InterruptTable a = f.first().interrupts().get();
        InterruptTable b = f.second().interrupts().get();
        List<Integer> cpus = b.cpus();
        if (cpus.size() < 2) {
            return;
        }
        for (NicFacts nic : f.nics().values()) {
            if (nic.queueIrqs().isEmpty()) {
                continue;
            }
            long[] perCpu = new long[cpus.size()];
            for (QueueIrq q : nic.queueIrqs()) {
                InterruptTable.Irq i1 = a.irqs().get(q.irq());
                InterruptTable.Irq i2 = b.irqs().get(q.irq());
                if (i1 == null || i2 == null) {
                    continue;
                }
                for (int c = 0; c < perCpu.length && c < i2.perCpu().size() && c < i1.perCpu().size(); c++) {
                    perCpu[c] += delta(i1.perCpu().get(c), i2.perCpu().get(c));
                }
            }
            long total = 0;
            int top = 0;
            for (int c = 0; c < perCpu.length; c++) {
                total += perCpu[c];
                if (perCpu[c] > perCpu[top]) {
                    top = c;
                }
            }
            double rate = total / s;
            double share = total == 0 ? 0 : (double) perCpu[top] / total;
            if (rate < IRQ_MIN_RATE || share < 0.9) {
                continue;
            }
            Evidence ev = new Evidence("/proc/interrupts " + nic.name() + " queue IRQs " + nic.queueIrqs().stream()
                    .map(QueueIrq::irq).distinct().sorted().toList(), total, rate,
                    "grow " + Evidence.rate(rate) + "/s, " + String.format(Locale.ROOT, "%.0f", share * 100)
                            + "% of them on CPU" + cpus.get(top) + " (of " + cpus.size() + " CPUs)");
            List<Suggestion> sug = new ArrayList<>();
            String knob;
            String reason;
            long vectors = nic.queueIrqs().stream().map(QueueIrq::irq).distinct().count();
            Optional<ChannelInfo> ch = nic.channels().value();
            if (vectors >= 2) {
                sug.add(new Suggestion.Nic(nic.name(), "irqAffinity", Map.of("policy", "spread")));
                sug.add(new Suggestion.Irqbalance(false));
                knob = "irqAffinity on " + nic.name() + " -> spread; irqbalance -> disabled";
                reason = "spread the " + vectors + " queue IRQs of " + nic.name() + " over the CPUs because one CPU takes "
                        + String.format(Locale.ROOT, "%.0f", share * 100) + "% of " + Evidence.rate(rate)
                        + " interrupts/s: RSS gives each queue its own IRQ, but they only help on different CPUs;"
                        + " netune pins them, so irqbalance must stop moving them (or run irqbalance alone instead)";
            } else if (ch.isPresent() && ch.get().usesCombined() && ch.get().combined().orElse(1) < ch.get().combinedMax().getAsInt()) {
                int max = ch.get().combinedMax().getAsInt();
                sug.add(new Suggestion.Nic(nic.name(), "channels", Map.of("combined", Integer.toString(max))));
                sug.add(new Suggestion.Nic(nic.name(), "irqAffinity", Map.of("policy", "spread")));
                sug.add(new Suggestion.Irqbalance(false));
                knob = "channels combined on " + nic.name() + " " + ch.get().combined().orElse(1) + " -> " + max
                        + ", irqAffinity -> spread";
                reason = nic.name() + " receives on one queue whose IRQ lands on one CPU (" + Evidence.rate(rate)
                        + "/s): more queues (RSS) and their IRQs spread over the CPUs share the work";
            } else {
                String all = cpus.get(0) + "-" + cpus.get(cpus.size() - 1);
                sug.add(new Suggestion.Nic(nic.name(), "rps", Map.of("cpus", all)));
                knob = "rps on " + nic.name() + " -> cpus " + all;
                reason = nic.name() + " has a single queue and its IRQ lands on one CPU (" + Evidence.rate(rate)
                        + "/s): RPS hands the protocol work of received packets to the other CPUs";
            }
            out.add(new Finding(Severity.WARNING, "irq-one-cpu", "the NIC interrupts of " + nic.name() + " land on one CPU",
                    List.of(ev), knob, reason, sug));
        }
    }

    // ---- file descriptors ----

    private static void fileNr(CounterFacts f, List<Finding> out) {
        String[] nr = f.knobs().getOrDefault("fs.file-nr", "").trim().split("\\s+");
        if (nr.length < 3) {
            return;
        }
        long allocated;
        long max;
        try {
            allocated = Long.parseLong(nr[0]);
            max = Long.parseLong(nr[2]);
        } catch (NumberFormatException e) {
            return;
        }
        double share = max <= 0 ? 0 : (double) allocated / max;
        if (share < 0.8) {
            return;
        }
        long to = Math.max(max * 2, 2097152);
        out.add(new Finding(share >= 0.95 ? Severity.CRITICAL : Severity.WARNING, "file-max-near",
                "open files are near the kernel-wide limit",
                List.of(Evidence.level("/proc/sys/fs/file-nr", allocated, allocated + " of fs.file-max " + max + " in use ("
                        + String.format(Locale.ROOT, "%.0f", share * 100) + "%)")),
                "fs.file-max " + max + " -> " + to,
                "limits fileMax " + max + " -> " + to + " because " + allocated + " of " + max + " file handles are"
                        + " allocated: every socket is a file, and at the limit accept() and connect() fail with ENFILE",
                List.of(new Suggestion.FileMax(max, to))));
    }

    // ---- connection churn and loss (advice) ----

    private static void handshakes(CounterFacts f, double s, List<Finding> out) {
        long active = delta(f.first().snmp().get("Tcp.ActiveOpens"), f.second().snmp().get("Tcp.ActiveOpens"));
        long passive = delta(f.first().snmp().get("Tcp.PassiveOpens"), f.second().snmp().get("Tcp.PassiveOpens"));
        double rate = (active + passive) / s;
        if (rate < HANDSHAKES_PER_SECOND) {
            return;
        }
        List<Suggestion> sug = new ArrayList<>();
        Optional<Long> tfo = f.knob("net.ipv4.tcp_fastopen");
        String knob = "";
        if (tfo.isEmpty() || tfo.get() != 3) {
            sug.add(new Suggestion.Sysctl("net.ipv4.tcp_fastopen", tfo.map(String::valueOf).orElse(""), "3"));
            knob = "net.ipv4.tcp_fastopen " + tfo.map(String::valueOf).orElse("?") + " -> 3";
        }
        out.add(new Finding(Severity.INFO, "short-connections", "many short connections",
                List.of(Evidence.growth("/proc/net/snmp Tcp.ActiveOpens", active, s),
                        Evidence.growth("/proc/net/snmp Tcp.PassiveOpens", passive, s)),
                knob,
                Evidence.rate(rate) + " handshakes/s: use long connections (keep-alive, connection pools) to save"
                        + " the handshakes, queue overflows and local ports; TCP Fast Open (3 = client and server)"
                        + " saves one RTT for repeat clients that opt in",
                sug));
    }

    private static void retransmits(CounterFacts f, double s, List<Finding> out) {
        long retrans = delta(f.first().snmp().get("Tcp.RetransSegs"), f.second().snmp().get("Tcp.RetransSegs"));
        long sent = delta(f.first().snmp().get("Tcp.OutSegs"), f.second().snmp().get("Tcp.OutSegs"));
        if (sent / s < 100 || retrans * 100 < sent * 2) {
            return;
        }
        out.add(new Finding(Severity.INFO, "retransmits", "TCP retransmits "
                + String.format(Locale.ROOT, "%.1f", 100.0 * retrans / sent) + "% of its segments",
                List.of(Evidence.growth("/proc/net/snmp Tcp.RetransSegs", retrans, s),
                        Evidence.growth("/proc/net/snmp Tcp.OutSegs", sent, s)), "",
                "loss on the path or at the receivers (their rings, backlogs and accept queues); no knob of this host"
                        + " removes it, check the peers with netune diagnose too", List.of()));
    }

    /** Growth of a counter; 0 when either reading is missing or it went down (reset, wrap). */
    static long delta(Long before, Long after) {
        if (before == null || after == null || after < before) {
            return 0;
        }
        return after - before;
    }
}
