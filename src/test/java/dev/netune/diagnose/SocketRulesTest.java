package dev.netune.diagnose;

import static dev.netune.diagnose.Counters.bump;
import static dev.netune.diagnose.Counters.capture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The socket, SYN cookie, UDP buffer and conntrack rules on real captures (a container's network
 * namespace and the QEMU guest) with synthetic growth in the second sample.
 */
class SocketRulesTest {
    static final String NETSTAT = capture("container-proc-net-netstat.txt") + capture("container-proc-net-snmp.txt");
    static final String GUEST_NETSTAT = capture("guest-proc-net-netstat.txt") + capture("guest-proc-net-snmp.txt");
    static final String SOFTNET = capture("guest-proc-net-softnet_stat.txt");
    static final String SOCKSTAT = capture("this-host-proc-net-sockstat.txt");
    static final String INTERRUPTS = capture("this-host-proc-interrupts.txt");
    static final String SOFTIRQS = capture("guest-proc-softirqs.txt");
    static final String CONNTRACK = capture("container-proc-net-stat-nf_conntrack.txt");

    static Counters host(String before, String after) {
        return new Counters()
                .sample(1, 1000, SOFTNET, before, SOCKSTAT, INTERRUPTS).more(1, SOFTIRQS, CONNTRACK)
                .sample(2, 1010, SOFTNET, after, SOCKSTAT, INTERRUPTS).more(2, SOFTIRQS, CONNTRACK)
                .knob("net.ipv4.tcp_syncookies", "1").knob("net.ipv4.tcp_max_syn_backlog", "512")
                .knob("net.ipv4.tcp_rmem", "4096\t131072\t6291456").knob("net.core.rmem_max", "212992")
                .knob("net.ipv4.tcp_mem", "22200\t29602\t44400").knob("net.core.wmem_max", "212992")
                .knob("net.netfilter.nf_conntrack_count", "10").knob("net.netfilter.nf_conntrack_max", "262144")
                .knob("fs.file-max", "9223372036854775807").knob("fs.file-nr", "1184\t0\t9223372036854775807")
                .tcp(32768, 60999, capture("this-host-proc-net-tcp-head.txt"));
    }

    /** Two samples of the captures that differ only in the given second-sample tables (null conntrack: absent). */
    static Counters changed(String softnetAfter, String softirqsAfter, String conntrackBefore, String conntrackAfter) {
        return new Counters()
                .sample(1, 1000, SOFTNET, NETSTAT, SOCKSTAT, INTERRUPTS).more(1, SOFTIRQS, conntrackBefore)
                .sample(2, 1010, softnetAfter, NETSTAT, SOCKSTAT, INTERRUPTS).more(2, softirqsAfter, conntrackAfter);
    }

    private static Finding only(List<Finding> all, String code) {
        List<Finding> x = all.stream().filter(f -> f.code().equals(code)).toList();
        assertEquals(1, x.size(), () -> code + " in " + all);
        return x.get(0);
    }

    @Test
    void capturedCountersReadTwiceWithoutChangeHaveNoFindings() {
        assertEquals(List.of(), Diagnoser.diagnose(host(NETSTAT, NETSTAT).facts(10)));
        assertEquals(List.of(), Diagnoser.diagnose(host(GUEST_NETSTAT, GUEST_NETSTAT).facts(10)));
    }

    @Test
    void receiveQueueDropsPruningAndBacklogDropsNameTheReceiveBuffer() {
        String after = bump(bump(bump(NETSTAT, "TcpExt.TCPRcvQDrop", 500), "TcpExt.RcvPruned", 20), "TcpExt.TCPBacklogDrop", 5);
        Finding x = only(Diagnoser.diagnose(host(NETSTAT, after).facts(10)), "socket-receive-drops");
        assertEquals(Severity.WARNING, x.severity());
        assertEquals(List.of("/proc/net/netstat TcpExt.TCPRcvQDrop grows 50.0/s (+500 in 10.0 s)",
                "/proc/net/netstat TcpExt.RcvPruned grows 2.0/s (+20 in 10.0 s)",
                "/proc/net/netstat TcpExt.TCPBacklogDrop grows 0.5/s (+5 in 10.0 s)"),
                x.evidence().stream().map(Evidence::toString).toList());
        assertEquals("net.ipv4.tcp_rmem max 6291456, net.core.rmem_max 212992", x.knob());
    }

    @Test
    void pruningAloneIsInformationAndMemoryPressureNamesTcpMem() {
        String after = bump(bump(GUEST_NETSTAT, "TcpExt.PruneCalled", 30), "TcpExt.TCPMemoryPressures", 2);
        List<Finding> all = Diagnoser.diagnose(host(GUEST_NETSTAT, after).facts(10));
        assertEquals(Severity.INFO, only(all, "socket-receive-pruning").severity());
        Finding p = only(all, "tcp-memory-pressure");
        assertEquals("net.ipv4.tcp_mem 22200\t29602\t44400", p.knob());
    }

    @Test
    void synCookiesOnOverflowNameTheSynBacklogAndAlwaysCookiesAskForOne() {
        String after = bump(bump(NETSTAT, "TcpExt.SyncookiesSent", 2000), "TcpExt.SyncookiesFailed", 10);
        Finding overflow = only(Diagnoser.diagnose(host(NETSTAT, after).facts(10)), "syn-cookies");
        assertEquals(Severity.CRITICAL, overflow.severity());
        assertEquals("net.ipv4.tcp_max_syn_backlog 512", overflow.knob());
        assertTrue(overflow.reason().contains("SyncookiesFailed counts ACKs with an invalid cookie"), overflow.reason());

        Finding always = only(Diagnoser.diagnose(host(NETSTAT, after).knob("net.ipv4.tcp_syncookies", "2").facts(10)),
                "syn-cookies");
        assertEquals(Severity.INFO, always.severity());
        assertEquals(List.of("sysctl: {net.ipv4.tcp_syncookies: 1}"), ProfileWriter.snippet(always.suggestions()));
    }

    @Test
    void udpBufferErrorsNameRmemAndWmem() {
        String after = bump(bump(GUEST_NETSTAT, "Udp.RcvbufErrors", 100), "Udp.SndbufErrors", 3);
        List<Finding> all = Diagnoser.diagnose(host(GUEST_NETSTAT, after).facts(10));
        assertEquals("/proc/net/snmp Udp.RcvbufErrors grows 10.0/s (+100 in 10.0 s)",
                only(all, "udp-receive-buffer").evidence().get(0).toString());
        assertEquals("net.core.wmem_max 212992", only(all, "udp-send-buffer").knob());
    }

    @Test
    void conntrackDropsWithAFullTableDoubleTheMaximum() {
        // entries and drop are hex per CPU: two CPUs drop 0x10 each
        String full = CONNTRACK.replaceAll("(?m)^00000000  ((?:\\S+ ){9})00000000", "0003fff0  $100000010");
        CounterFacts f = changed(SOFTNET, SOFTIRQS, CONNTRACK, full)
                .knob("net.netfilter.nf_conntrack_count", "262000").knob("net.netfilter.nf_conntrack_max", "262144")
                .facts(10);
        assertEquals(32L, f.second().conntrack().get("drop"), f.second().conntrack()::toString);
        Finding x = only(Diagnoser.diagnose(f), "conntrack-full");
        assertEquals(Severity.CRITICAL, x.severity());
        assertEquals(List.of("net.netfilter.nf_conntrack_count 262000 of 262144 entries (100%)",
                "/proc/net/stat/nf_conntrack drop grows 3.2/s (+32 in 10.0 s)"),
                x.evidence().stream().map(Evidence::toString).toList());
        assertEquals(List.of("sysctl: {net.netfilter.nf_conntrack_max: 524288}"), ProfileWriter.snippet(x.suggestions()));
    }

    @Test
    void netRxOnOneCpuIsDrawnAsABarChart() {
        String after = SOFTIRQS.replaceFirst("NET_RX:(\\s+)354(\\s+)336", "NET_RX:$1354$2100336");
        CounterFacts f = changed(SOFTNET, after, null, null).facts(10);
        Finding x = only(Diagnoser.diagnose(f), "softirq-one-cpu");
        assertEquals("/proc/softirqs NET_RX grows 10000/s, 100% of it on CPU1 (of 2 CPUs)", x.evidence().get(0).toString());
        assertEquals(List.of("CPU0 " + " ".repeat(30) + "      0.0/s   0%",
                "CPU1 ##############################    10000/s 100%"), x.chart());
    }

    @Test
    void softnetDropsPerCpuAreDrawn() {
        // CPU0's dropped column (2nd) grows by 0x64
        String after = SOFTNET.replaceFirst("^(\\S+) 00000000", "$1 00000064");
        CounterFacts f = changed(after, SOFTIRQS, null, null).knob("net.core.netdev_max_backlog", "1000").facts(10);
        Finding x = only(Diagnoser.diagnose(f), "backlog-drops");
        assertEquals(List.of("CPU0 ##############################     10.0/s 100%",
                "CPU1 " + " ".repeat(30) + "      0.0/s   0%"), x.chart());
    }
}
