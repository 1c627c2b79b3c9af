package dev.netune.diagnose;

import static dev.netune.diagnose.Diagnoser.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
/** Diagnosis rules for listen queues, local ports, TIME_WAIT and file descriptors: limits a busy server outgrows. */
final class QueueRules {
    private QueueRules() {
    }

    // ---- accept and SYN queues ----

    static void acceptQueue(CounterFacts f, double s, List<Finding> out) {
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

    static void ports(CounterFacts f, List<Finding> out) {
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

    static void timeWaitOverflow(CounterFacts f, double s, List<Finding> out) {
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

    // ---- file descriptors ----

    static void fileNr(CounterFacts f, List<Finding> out) {
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
}
