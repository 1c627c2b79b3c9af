package dev.netune.diagnose;

import static dev.netune.diagnose.Diagnoser.delta;

import java.util.ArrayList;
import java.util.List;

/**
 * Diagnosis rules for packets dropped at a socket: TCP receive queues and their pruning, the TCP
 * memory limit, the socket backlog, SYN cookies, and UDP buffers. These grow when applications
 * read too slowly or their buffers are too small; the knobs raise the limits, the application
 * has to keep up.
 */
final class SocketRules {
    private SocketRules() {
    }

    private record Counter(String key, String source) {
    }

    static void receiveQueues(CounterFacts f, double s, List<Finding> out) {
        List<Evidence> drops = growth(f, s, "TcpExt.TCPRcvQDrop", "TcpExt.RcvPruned", "TcpExt.TCPBacklogDrop");
        if (!drops.isEmpty()) {
            out.add(new Finding(Severity.ofRate(max(drops), 1, 100), "socket-receive-drops",
                    "TCP sockets drop data their receive queue has no room for", drops,
                    "net.ipv4.tcp_rmem max " + third(f.knobs().getOrDefault("net.ipv4.tcp_rmem", "?"))
                            + ", net.core.rmem_max " + f.knobs().getOrDefault("net.core.rmem_max", "?"),
                    "TCPRcvQDrop counts segments dropped because the receive buffer (SO_RCVBUF or tcp_rmem autotuning)"
                            + " was full, RcvPruned data thrown away after collapsing the queue failed, TCPBacklogDrop"
                            + " segments dropped while the application held the socket: the application reads too"
                            + " slowly or sets a small SO_RCVBUF (which turns autotuning off); raise the third"
                            + " field of net.ipv4.tcp_rmem, or net.core.rmem_max for applications that set SO_RCVBUF",
                    List.of()));
        }
        List<Evidence> pruned = growth(f, s, "TcpExt.PruneCalled");
        if (!pruned.isEmpty() && drops.isEmpty()) {
            out.add(new Finding(Severity.INFO, "socket-receive-pruning", "TCP collapses full receive queues",
                    pruned, "", "PruneCalled counts receive queues over their buffer that the kernel had to collapse"
                            + " (copying to save memory, at CPU cost); nothing was dropped yet (RcvPruned did not grow)",
                    List.of()));
        }
        List<Evidence> pressure = growth(f, s, "TcpExt.TCPMemoryPressures");
        if (!pressure.isEmpty()) {
            out.add(new Finding(Severity.WARNING, "tcp-memory-pressure", "TCP hits its memory limit (tcp_mem)", pressure,
                    "net.ipv4.tcp_mem " + f.knobs().getOrDefault("net.ipv4.tcp_mem", "?"),
                    "TCPMemoryPressures counts entries into memory pressure: all TCP sockets together passed the second"
                            + " field of net.ipv4.tcp_mem (in pages), so buffers shrink and new data may be dropped;"
                            + " raise tcp_mem if the host has the memory, or find the sockets holding unread data"
                            + " (ss -tm)", List.of()));
        }
    }

    static void synCookies(CounterFacts f, double s, List<Finding> out) {
        List<Evidence> sent = growth(f, s, "TcpExt.SyncookiesSent");
        List<Evidence> failed = growth(f, s, "TcpExt.SyncookiesFailed");
        if (sent.isEmpty() && failed.isEmpty()) {
            return;
        }
        List<Evidence> all = new ArrayList<>(sent);
        all.addAll(failed);
        boolean always = f.knob("net.ipv4.tcp_syncookies").orElse(1L) == 2;
        String backlog = f.knobs().getOrDefault("net.ipv4.tcp_max_syn_backlog", "?");
        String reason = always
                ? "net.ipv4.tcp_syncookies is 2, so every SYN is answered with a cookie: connections lose TCP options"
                        + " the cookie cannot carry (window scaling without timestamps); use 1 (cookies only on overflow)"
                : "SyncookiesSent grows when a listener's SYN queue is full (a SYN flood, or more handshakes than"
                        + " tcp_max_syn_backlog " + backlog + " and the listen backlog hold): raise"
                        + " net.ipv4.tcp_max_syn_backlog and the application's listen backlog (somaxconn caps it)";
        if (!failed.isEmpty()) {
            reason += "; SyncookiesFailed counts ACKs with an invalid cookie (late or forged)";
        }
        out.add(new Finding(always ? Severity.INFO : Severity.ofRate(max(all), 1, 100), "syn-cookies",
                "SYN cookies are sent" + (always ? " for every SYN" : ": SYN queues overflow"), all,
                always ? "net.ipv4.tcp_syncookies 2 -> 1" : "net.ipv4.tcp_max_syn_backlog " + backlog, reason,
                always ? List.of(new Suggestion.Sysctl("net.ipv4.tcp_syncookies", "2", "1")) : List.of()));
    }

    static void udpBuffers(CounterFacts f, double s, List<Finding> out) {
        List<Evidence> rcv = growth(f, s, "Udp.RcvbufErrors");
        List<Evidence> snd = growth(f, s, "Udp.SndbufErrors");
        if (!rcv.isEmpty()) {
            out.add(new Finding(Severity.ofRate(max(rcv), 1, 100), "udp-receive-buffer", "UDP sockets drop datagrams:"
                    + " their receive buffer is full", rcv, "net.core.rmem_max " + f.knobs().getOrDefault("net.core.rmem_max", "?"),
                    "RcvbufErrors counts datagrams dropped because a socket's receive buffer was full: the application"
                            + " reads too slowly or its SO_RCVBUF is small (net.core.rmem_max caps what it may ask for,"
                            + " net.core.rmem_default is what it gets without asking)", List.of()));
        }
        if (!snd.isEmpty()) {
            out.add(new Finding(Severity.ofRate(max(snd), 1, 100), "udp-send-buffer", "UDP sends fail: the send buffer"
                    + " is full", snd, "net.core.wmem_max " + f.knobs().getOrDefault("net.core.wmem_max", "?"),
                    "SndbufErrors counts sends refused for lack of send buffer (or of memory): the application sends"
                            + " faster than the device queue drains, or its SO_SNDBUF is small", List.of()));
        }
    }

    private static List<Evidence> growth(CounterFacts f, double s, String... keys) {
        List<Evidence> out = new ArrayList<>();
        for (String k : keys) {
            long d = delta(f.first().snmp().get(k), f.second().snmp().get(k));
            if (d > 0) {
                out.add(Evidence.growth((k.startsWith("TcpExt.") ? "/proc/net/netstat " : "/proc/net/snmp ") + k, d, s));
            }
        }
        return out;
    }

    private static double max(List<Evidence> e) {
        return e.stream().mapToDouble(Evidence::rate).max().orElse(0);
    }

    private static String third(String tuple) {
        String[] w = tuple.trim().split("\\s+");
        return w.length == 3 ? w[2] : tuple;
    }
}
