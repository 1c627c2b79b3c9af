package dev.netune.diagnose;

import dev.netune.fact.FactSource;
import dev.netune.fact.Section;
import dev.netune.fact.nic.InterruptTable;
import dev.netune.fact.nic.NicFacts;
import dev.netune.fact.nic.NicGather;
import dev.netune.transport.ShellScript;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The fact source of diagnose: the NIC gather, then two samples of every counter with a sleep of
 * the interval between them, then the knobs and the sockets holding local ports, all in one
 * script. Everything it runs is read-only and works as a normal user.
 *
 * <p>Sections: {@code dg-uptime N}, {@code dg-softnet N}, {@code dg-snmp N} (netstat + snmp),
 * {@code dg-sockstat N}, {@code dg-interrupts N}, {@code dg-sys N IFACE}, {@code dg-ethtool N
 * IFACE RC} for sample N of 1 and 2; then {@code dg-knobs} and {@code dg-tcp LOW HIGH}.
 */
public final class CounterGather implements FactSource<CounterFacts> {
    /** Sysctls read once: the knobs diagnose may propose changing, with their current values. */
    static final List<String> KNOBS = List.of("net.core.netdev_budget", "net.core.netdev_budget_usecs",
            "net.core.netdev_max_backlog", "net.core.somaxconn", "net.ipv4.tcp_max_syn_backlog",
            "net.ipv4.tcp_tw_reuse", "net.ipv4.tcp_max_tw_buckets", "net.ipv4.tcp_fastopen",
            "net.ipv4.ip_local_port_range", "net.ipv4.tcp_syncookies", "fs.file-nr", "fs.file-max", "fs.nr_open",
            "net.ipv4.tcp_rmem", "net.ipv4.tcp_mem", "net.core.rmem_max", "net.core.wmem_max",
            "net.netfilter.nf_conntrack_count", "net.netfilter.nf_conntrack_max");
    static final List<String> SYS_STATS = List.of("rx_packets", "rx_dropped", "rx_missed_errors", "rx_fifo_errors",
            "rx_over_errors");

    private final Duration interval;

    public CounterGather(Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the interval must be positive");
        }
        this.interval = interval;
    }

    @Override
    public String id() {
        return "diagnose";
    }

    /** Seconds as sleep(1) takes them: "10", "0.5". */
    String sleepSeconds() {
        return new BigDecimal(interval.toMillis()).movePointLeft(3).stripTrailingZeros().toPlainString();
    }

    @Override
    public String script() {
        // a subshell: a failure here never ends the host's one gather script
        return NicGather.script() + "(\nLC_ALL=C; export LC_ALL\n" + ShellScript.library("diagnose")
                + ShellScript.call("netune_dg_sample", withFirst("1", SYS_STATS))
                + ShellScript.call("sleep", sleepSeconds())
                + ShellScript.call("netune_dg_sample", withFirst("2", SYS_STATS))
                + ShellScript.call("netune_dg_knobs", KNOBS)
                + ShellScript.call("netune_dg_tcp")
                + "true\n) || true\n";
    }

    private static List<String> withFirst(String first, List<String> rest) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(rest);
        return all;
    }

    @Override
    public CounterFacts parse(List<Section> sections) {
        return parseSections(sections, interval.toMillis() / 1000.0);
    }

    /** Pure: the facts from the sections of a gather output (what the golden tests feed). */
    static CounterFacts parseSections(List<Section> sections, double intervalSeconds) {
        SortedMap<String, NicFacts> nics = NicGather.parse(sections);
        Sample first = sample(sections, "1");
        Sample second = sample(sections, "2");
        Map<String, String> knobs = Map.of();
        Optional<PortUsage> ports = Optional.empty();
        for (Section s : sections) {
            if (s.kind().equals("dg-knobs")) {
                knobs = ProcNet.keyValues(s.body());
            } else if (s.kind().equals("dg-tcp")) {
                try {
                    int lo = Integer.parseInt(s.arg(0));
                    int hi = Integer.parseInt(s.arg(1));
                    if (lo > 0 && hi >= lo) {
                        ports = Optional.of(PortUsage.parse(s.body(), lo, hi));
                    }
                } catch (NumberFormatException e) {
                    // range unreadable: no port usage
                }
            }
        }
        return new CounterFacts(intervalSeconds, first, second, knobs, ports, nics);
    }

    private static Sample sample(List<Section> sections, String n) {
        double uptime = Double.NaN;
        List<ProcNet.Softnet> softnet = new ArrayList<>();
        Map<String, Long> snmp = Map.of();
        Map<String, Long> sockstat = Map.of();
        Optional<InterruptTable> interrupts = Optional.empty();
        SortedMap<String, Map<String, Long>> ethtool = new TreeMap<>();
        SortedMap<String, Map<String, Long>> sys = new TreeMap<>();
        SortedMap<Integer, Long> netRx = new TreeMap<>();
        Map<String, Long> conntrack = Map.of();
        SortedMap<String, String> unread = new TreeMap<>();
        for (Section s : sections) {
            if (!s.kind().startsWith("dg-") || !s.arg(0).equals(n)) {
                continue;
            }
            switch (s.kind()) {
                case "dg-uptime" -> uptime = ProcNet.uptime(s.body());
                case "dg-softnet" -> {
                    softnet = ProcNet.softnet(s.body());
                    Unread.ifEmpty(softnet.isEmpty(), "/proc/net/softnet_stat", s.body(), unread);
                }
                case "dg-snmp" -> {
                    snmp = ProcNet.netstat(s.body());
                    Unread.catErrors(s.body(), unread);
                    Unread.ifEmpty(snmp.isEmpty(), "/proc/net/netstat, /proc/net/snmp", s.body(), unread);
                }
                case "dg-sockstat" -> {
                    sockstat = ProcNet.sockstat(s.body());
                    Unread.ifEmpty(sockstat.isEmpty(), "/proc/net/sockstat", s.body(), unread);
                }
                case "dg-interrupts" -> interrupts = Unread.attempt("/proc/interrupts", s.body(), InterruptTable::parse, unread);
                case "dg-softirqs" -> netRx = Unread.attempt("/proc/softirqs", s.body(), ProcStat::netRx, unread)
                        .orElse(new TreeMap<>());
                case "dg-conntrack" -> {
                    if (s.arg(1).equals("absent")) {
                        unread.put("/proc/net/stat/nf_conntrack", Unread.NO_CONNTRACK);
                    } else {
                        conntrack = Unread.attempt("/proc/net/stat/nf_conntrack", s.body(), ProcStat::conntrack, unread)
                                .orElse(Map.of());
                    }
                }
                case "dg-sys" -> sys.put(s.arg(1), ProcNet.longValues(s.body()));
                case "dg-ethtool" -> {
                    if (s.arg(2).equals("0")) {
                        ethtool.put(s.arg(1), ProcNet.ethtoolStats(s.body()));
                    } else {
                        unread.put("ethtool -S " + s.arg(1), Unread.ethtool(s.arg(2), s.body()));
                    }
                }
                default -> { }
            }
        }
        return new Sample(uptime, softnet, snmp, sockstat, interrupts, ethtool, sys, netRx, conntrack, unread);
    }
}
