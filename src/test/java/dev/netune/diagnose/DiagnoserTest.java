package dev.netune.diagnose;

import static dev.netune.diagnose.Counters.capture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Golden tests of the analysis: real counter dumps (this machine, e1000e, virtio_net) as the
 * first sample, the same dump with synthetic growth as the second, through the same parser the
 * engine uses.
 */
class DiagnoserTest {
    static final String RING_512_OF_4096 = """
            Ring parameters for eth0:
            Pre-set maximums:
            RX:\t\t4096
            RX Mini:\tn/a
            RX Jumbo:\tn/a
            TX:\t\t4096
            Current hardware settings:
            RX:\t\t512
            RX Mini:\tn/a
            RX Jumbo:\tn/a
            TX:\t\t512
            """;
    static final String CHANNELS_1_OF_4 = """
            Channel parameters for eth0:
            Pre-set maximums:
            RX:\t\tn/a
            TX:\t\tn/a
            Other:\t\tn/a
            Combined:\t4
            Current hardware settings:
            RX:\t\tn/a
            TX:\t\tn/a
            Other:\t\tn/a
            Combined:\t1
            """;
    static final String SNMP = capture("this-host-proc-net-netstat.txt") + capture("this-host-proc-net-snmp.txt");
    static final String SOFTNET = capture("this-host-proc-net-softnet_stat.txt");
    static final String SOCKSTAT = capture("this-host-proc-net-sockstat.txt");
    static final String INTERRUPTS = capture("this-host-proc-interrupts.txt");

    /** This machine's real counters, read twice 10 s apart without change, plus the usual knobs. */
    static Counters quiet() {
        return new Counters()
                .sample(1, 1000, SOFTNET, SNMP, SOCKSTAT, INTERRUPTS)
                .sample(2, 1010, SOFTNET, SNMP, SOCKSTAT, INTERRUPTS)
                .knob("net.core.netdev_budget", "300").knob("net.core.netdev_budget_usecs", "2000")
                .knob("net.core.netdev_max_backlog", "1000").knob("net.core.somaxconn", "4096")
                .knob("net.ipv4.tcp_max_syn_backlog", "512").knob("net.ipv4.tcp_tw_reuse", "2")
                .knob("net.ipv4.tcp_max_tw_buckets", "65536").knob("net.ipv4.tcp_fastopen", "1")
                .knob("net.ipv4.ip_local_port_range", "32768\t60999").knob("fs.file-nr", "1184\t0\t9223372036854775807")
                .tcp(32768, 60999, capture("this-host-proc-net-tcp-head.txt"));
    }

    @Test
    void thisMachineReadTwiceWithoutChangeHasNoFindings() {
        String ethtool = capture("this-host-virtio_net-ethtool-S.txt");
        CounterFacts f = quiet()
                .nic("eth0", "driver=virtio_net\nbus=virtio4\n", capture("this-host-virtio_net-ethtool-g.txt"), null)
                .nicCounters(1, "eth0", "rx_packets=10\nrx_dropped=0\n", ethtool)
                .nicCounters(2, "eth0", "rx_packets=20\nrx_dropped=0\n", ethtool)
                .facts(10);
        assertEquals(10.0, f.seconds());
        assertEquals(List.of(), Diagnoser.diagnose(f));
    }

    @Test
    void e1000eMissedErrorsAskForTheMaximumRing() {
        String before = capture("e1000e-ethtool-S-drops.txt");
        String after = before.replace("rx_missed_errors: 4954", "rx_missed_errors: 6154")
                .replace("rx_no_buffer_count: 527", "rx_no_buffer_count: 827");
        CounterFacts f = quiet()
                .nic("eth0", "driver=e1000e\nbus=0000:00:19.0\n", RING_512_OF_4096, null)
                .nicCounters(1, "eth0", "rx_missed_errors=4954\n", before)
                .nicCounters(2, "eth0", "rx_missed_errors=6154\n", after)
                .facts(10);
        List<Finding> all = Diagnoser.diagnose(f);
        assertEquals(1, all.size(), all::toString);
        Finding x = all.get(0);
        assertEquals(Severity.CRITICAL, x.severity());
        assertEquals("nic-ring-full", x.code());
        assertEquals("ring rx on eth0 512 -> 4096", x.knob());
        assertTrue(x.reason().startsWith("ring rx from 512 to the pre-set max 4096 on eth0 because rx_missed_errors"
                + " grows 120/s"), x.reason());
        assertEquals(List.of("ethtool -S eth0 rx_missed_errors grows 120/s (+1200 in 10.0 s)",
                "ethtool -S eth0 rx_no_buffer_count grows 30.0/s (+300 in 10.0 s)"),
                x.evidence().stream().map(Evidence::toString).toList());
        assertEquals(List.of("nics: [{match: {name: eth0}, ring: {rx: 4096}}]"), ProfileWriter.snippet(x.suggestions()));
    }

    @Test
    void virtioQueueDropsWithTheRingAtItsMaximumAskForMoreQueues() {
        String before = capture("virtio_net-ethtool-S-per-queue.txt");
        String after = before.replace("rx_queue_1_drops: 0", "rx_queue_1_drops: 50");
        CounterFacts f = quiet()
                .nic("eth0", "driver=virtio_net\nbus=virtio2\n", capture("this-host-virtio_net-ethtool-g.txt"), CHANNELS_1_OF_4)
                .nicCounters(1, "eth0", "", before)
                .nicCounters(2, "eth0", "", after)
                .facts(10);
        Finding x = Diagnoser.diagnose(f).get(0);
        assertEquals(Severity.WARNING, x.severity());
        assertEquals("channels combined on eth0 1 -> 4", x.knob());
        assertEquals("ethtool -S eth0 rx_queue_1_drops grows 5.0/s (+50 in 10.0 s)", x.evidence().get(0).toString());
        assertEquals(List.of("nics: [{match: {name: eth0}, channels: {combined: 4}}]"), ProfileWriter.snippet(x.suggestions()));
    }

    @Test
    void withoutEthtoolTheSysfsMissedCounterStillNamesTheRing() {
        CounterFacts f = quiet()
                .nic("eth0", "driver=ixgbe\nbus=0000:03:00.0\n", RING_512_OF_4096, null)
                .nicCounters(1, "eth0", "rx_missed_errors=10\nrx_dropped=0\n", null)
                .nicCounters(2, "eth0", "rx_missed_errors=15\nrx_dropped=0\n", null)
                .facts(10);
        Finding x = Diagnoser.diagnose(f).get(0);
        assertEquals(Severity.INFO, x.severity());
        assertEquals("/sys/class/net/eth0/statistics/rx_missed_errors grows 0.5/s (+5 in 10.0 s)", x.evidence().get(0).toString());
        assertEquals("ring rx on eth0 512 -> 4096", x.knob());
    }

    @Test
    void timeSqueezeDoublesTheSoftirqBudget() {
        String after = SOFTNET.replaceFirst("^(\\S+) (\\S+) 00000001", "$1 $2 00000191");
        CounterFacts f = quiet().sample(2, 1010, after, SNMP, SOCKSTAT, INTERRUPTS).facts(10);
        List<Finding> all = Diagnoser.diagnose(f);
        assertEquals(1, all.size(), all::toString);
        Finding x = all.get(0);
        assertEquals("softirq-squeeze", x.code());
        assertEquals("net.core.netdev_budget 300 -> 600", x.knob());
        assertTrue(x.reason().startsWith("softirq budget 300 -> 600 because time_squeeze grows 40.0/s"), x.reason());
        assertEquals(List.of("softirq: {budget: 600}"), ProfileWriter.snippet(x.suggestions()));
    }

    @Test
    void backlogDropsDoubleNetdevMaxBacklog() {
        String after = SOFTNET.replaceFirst("^(\\S+) 00000000", "$1 000003e8");
        Finding x = Diagnoser.diagnose(quiet().sample(2, 1010, after, SNMP, SOCKSTAT, INTERRUPTS).facts(10)).get(0);
        assertEquals("backlog-drops", x.code());
        assertEquals(Severity.CRITICAL, x.severity());
        assertEquals("/proc/net/softnet_stat dropped (all CPUs; most on CPU0) grows 100/s (+1000 in 10.0 s)",
                x.evidence().get(0).toString());
        assertEquals(List.of("sysctl: {net.core.netdev_max_backlog: 2000}"), ProfileWriter.snippet(x.suggestions()));
    }

    static String netstat(long overflows, long drops, long twOverflow, long active, long passive) {
        return "TcpExt: ListenOverflows ListenDrops TCPTimeWaitOverflow\nTcpExt: " + overflows + " " + drops + " " + twOverflow
                + "\nTcp: RtoAlgorithm ActiveOpens PassiveOpens RetransSegs OutSegs\nTcp: 1 " + active + " " + passive
                + " 0 0\n";
    }

    static String timeWaitRows(int from, int to, String remote) {
        StringBuilder sb = new StringBuilder();
        for (int p = from; p <= to; p++) {
            sb.append("  ").append(p - from).append(": 0100007F:").append(String.format("%04X", p)).append(' ')
                    .append(remote).append(" 06 00000000:00000000 03:00000000 00000000 0 0 0 3\n");
        }
        return sb.toString();
    }

    @Test
    void acceptQueueOverflowAndExhaustedPortsRankedBySeverity() {
        CounterFacts f = quiet()
                .sample(1, 1000, SOFTNET, netstat(100, 100, 0, 5000, 10), SOCKSTAT, INTERRUPTS)
                .sample(2, 1002, SOFTNET, netstat(291, 291, 0, 5300, 10), SOCKSTAT, INTERRUPTS)
                .knob("net.core.somaxconn", "4").knob("net.ipv4.tcp_max_syn_backlog", "128")
                .knob("net.ipv4.ip_local_port_range", "40000\t40100").knob("net.ipv4.tcp_tw_reuse", "0")
                .tcp(40000, 40100, timeWaitRows(40000, 40100, "0100007F:1F91"))
                .facts(2);
        List<Finding> all = Diagnoser.diagnose(f);
        assertEquals(List.of("accept-queue-overflow", "local-ports-exhausted"), all.stream().map(Finding::code).toList());
        Finding accept = all.get(0);
        assertEquals(Severity.CRITICAL, accept.severity());
        assertEquals("net.core.somaxconn 4 -> 4096, net.ipv4.tcp_max_syn_backlog 128 -> 4096", accept.knob());
        assertEquals("/proc/net/netstat TcpExt.ListenOverflows grows 95.5/s (+191 in 2.0 s)", accept.evidence().get(0).toString());
        assertEquals(List.of("sysctl: {net.core.somaxconn: 4096, net.ipv4.tcp_max_syn_backlog: 4096}"),
                ProfileWriter.snippet(accept.suggestions()));
        Finding ports = all.get(1);
        assertEquals(Severity.CRITICAL, ports.severity());
        assertEquals("local ports 40000-40100 toward 127.0.0.1:8081 101 of 101 in use (100%); by state {TIME_WAIT=101}",
                ports.evidence().get(0).toString());
        assertEquals("net.ipv4.ip_local_port_range \"40000 40100\" -> \"10000 64999\", net.ipv4.tcp_tw_reuse 0 -> 1", ports.knob());
        assertEquals(List.of("sysctl: {net.ipv4.ip_local_port_range: \"10000 64999\", net.ipv4.tcp_tw_reuse: 1}"),
                ProfileWriter.snippet(ports.suggestions()));
    }

    @Test
    void manyHandshakesAdviseLongConnections() {
        CounterFacts f = quiet()
                .sample(1, 1000, SOFTNET, netstat(0, 0, 0, 1000, 1000), SOCKSTAT, INTERRUPTS)
                .sample(2, 1010, SOFTNET, netstat(0, 0, 7, 16000, 11000), SOCKSTAT, INTERRUPTS)
                .facts(10);
        List<Finding> all = Diagnoser.diagnose(f);
        assertEquals(List.of("time-wait-overflow", "short-connections"), all.stream().map(Finding::code).toList());
        Finding churn = all.get(1);
        assertEquals(Severity.INFO, churn.severity());
        assertTrue(churn.reason().startsWith("2500 handshakes/s: use long connections"), churn.reason());
        assertEquals("net.ipv4.tcp_fastopen 1 -> 3", churn.knob());
        assertEquals(List.of("sysctl: {net.ipv4.tcp_max_tw_buckets: 262144}"), ProfileWriter.snippet(all.get(0).suggestions()));
    }

    static String interrupts(long input0, long input1) {
        return """
                           CPU0       CPU1       CPU2       CPU3
                 37:          0          0          0          0  PCI-MSIX-0000:00:03.0   0-edge      virtio2-config
                 38:   %d          0          0          0  PCI-MSIX-0000:00:03.0   1-edge      virtio2-input.0
                 39:        100          0          0          0  PCI-MSIX-0000:00:03.0   2-edge      virtio2-output.0
                 40:   %d          3          0          0  PCI-MSIX-0000:00:03.0   3-edge      virtio2-input.1
                 41:        100          0          0          0  PCI-MSIX-0000:00:03.0   4-edge      virtio2-output.1
                LOC:       1000       1000       1000       1000   Local timer interrupts
                """.formatted(input0, input1);
    }

    @Test
    void queueInterruptsOnOneCpuAskForSpreadAffinity() {
        String sys = "driver=virtio_net\nbus=virtio2\nparent_bus=0000:00:03.0\nmsi_irqs=37 38 39 40 41\n";
        CounterFacts f = quiet()
                .interrupts(interrupts(1000, 1000))
                .nic("eth0", sys, capture("this-host-virtio_net-ethtool-g.txt"), null)
                .nicCounters(1, "eth0", "", capture("this-host-virtio_net-ethtool-S.txt"))
                .nicCounters(2, "eth0", "", capture("this-host-virtio_net-ethtool-S.txt"))
                .sample(1, 1000, SOFTNET, SNMP, SOCKSTAT, interrupts(1000, 1000))
                .sample(2, 1010, SOFTNET, SNMP, SOCKSTAT, interrupts(4000, 3000))
                .facts(10);
        List<Finding> all = Diagnoser.diagnose(f);
        assertEquals(1, all.size(), all::toString);
        Finding x = all.get(0);
        assertEquals("irq-one-cpu", x.code());
        assertEquals("/proc/interrupts eth0 queue IRQs [38, 39, 40, 41] grow 500/s, 100% of them on CPU0 (of 4 CPUs)",
                x.evidence().get(0).toString());
        assertEquals(List.of("nics: [{match: {name: eth0}, irqAffinity: {policy: spread}}]", "irqbalance: {enabled: false}"),
                ProfileWriter.snippet(x.suggestions()));
        // the distribution is the finding: it is drawn per CPU
        assertEquals(4, x.chart().size(), x.chart()::toString);
        assertEquals("CPU0 " + "#".repeat(30) + "      500/s 100%", x.chart().get(0));
        assertTrue(x.chart().get(1).startsWith("CPU1 " + " ".repeat(30) + " "), x.chart()::toString);
    }

    @Test
    void fileHandlesNearFileMaxRaiseIt() {
        Finding x = Diagnoser.diagnose(quiet().knob("fs.file-nr", "95000\t0\t100000").facts(10)).get(0);
        assertEquals("file-max-near", x.code());
        assertEquals(Severity.CRITICAL, x.severity());
        assertEquals("/proc/sys/fs/file-nr 95000 of fs.file-max 100000 in use (95%)", x.evidence().get(0).toString());
        assertEquals(List.of("limits: {fileMax: 2097152}"), ProfileWriter.snippet(x.suggestions()));
    }

    /** This machine's real file-nr (1115 of an effectively unlimited maximum): no finding. */
    @Test
    void aRealFileNrFarBelowFileMaxSaysNothing() {
        String real = capture("this-host-file-nr.txt").strip();
        assertEquals(List.of(), Diagnoser.diagnose(quiet().knob("fs.file-nr", real).facts(10)).stream()
                .filter(f -> f.code().startsWith("file-max")).toList());
        String nearMax = real.replaceFirst("\\s\\d+$", "\t1200");
        assertEquals("file-max-near", Diagnoser.diagnose(quiet().knob("fs.file-nr", nearMax).facts(10)).get(0).code());
    }

    @Test
    void countersThatWentDownAreResetsNotNegativeRates() {
        CounterFacts f = quiet()
                .sample(1, 1000, SOFTNET, netstat(500, 500, 0, 0, 0), SOCKSTAT, INTERRUPTS)
                .sample(2, 1010, SOFTNET, netstat(3, 3, 0, 0, 0), SOCKSTAT, INTERRUPTS)
                .facts(10);
        assertEquals(List.of(), Diagnoser.diagnose(f));
    }

    @Test
    void unreadableUptimeFallsBackToTheRequestedInterval() {
        CounterFacts f = quiet().sample(2, Double.NaN, SOFTNET, SNMP, SOCKSTAT, INTERRUPTS).facts(2.5);
        assertEquals(2.5, f.seconds());
    }
}
