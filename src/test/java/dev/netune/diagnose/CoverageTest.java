package dev.netune.diagnose;

import static dev.netune.diagnose.Counters.capture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netune.engine.HostStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A diagnosis names every check it made and every source it could not read, never a bare "no findings". */
class CoverageTest {
    private static final String NETSTAT = SocketRulesTest.NETSTAT;

    /** The guest's real counters on a host without ethtool and without nf_conntrack. */
    private static CounterFacts withoutEthtoolOrConntrack() {
        return new Counters()
                .nic("eth0", "driver=e1000e\nbus=0000:01:00.0\n", null, null)
                .sample(1, 1000, SocketRulesTest.SOFTNET, NETSTAT, SocketRulesTest.SOCKSTAT, SocketRulesTest.INTERRUPTS)
                .more(1, SocketRulesTest.SOFTIRQS, null)
                .nicCountersWithoutEthtool(1, "eth0", "rx_packets=1\n")
                .sample(2, 1010, SocketRulesTest.SOFTNET, NETSTAT, SocketRulesTest.SOCKSTAT, SocketRulesTest.INTERRUPTS)
                .more(2, SocketRulesTest.SOFTIRQS, null)
                .nicCountersWithoutEthtool(2, "eth0", "rx_packets=2\n")
                .knob("fs.file-max", "100").knob("net.core.somaxconn", "")
                .tcp(32768, 60999, "")
                .facts(10);
    }

    @Test
    void unreadSourcesSayWhy() {
        CounterFacts f = new Counters()
                .sample(1, 1000, "cat: /proc/net/softnet_stat: Permission denied", NETSTAT, "", "")
                .more(1, "cat: /proc/softirqs: No such file or directory", null)
                .nicCounters(1, "eth0", "", "ethtool: command not found").sample(2, 1010, "", NETSTAT, "", "")
                .facts(10);
        Map<String, String> unread = Coverage.unread(f);
        assertEquals("Permission denied", f.first().unread().get("/proc/net/softnet_stat").replaceAll(".*: ", ""));
        assertEquals("No such file or directory", unread.get("/proc/softirqs"));
        assertTrue(unread.get("/proc/net/stat/nf_conntrack").startsWith("absent: the nf_conntrack module is not loaded"));
        assertTrue(unread.containsKey("/proc/interrupts"), unread::toString);
        List<Check> checks = Coverage.checks(f);
        assertFalse(checks.stream().filter(c -> c.what().equals("backlog drops and softirq budget per CPU")).findFirst()
                .orElseThrow().made());
        assertTrue(checks.stream().filter(c -> c.what().equals("socket receive queue drops and pruning")).findFirst()
                .orElseThrow().made());
    }

    @Test
    void aHostWithoutFindingsListsItsChecksAndWhatItCouldNotRead() {
        CounterFacts f = withoutEthtoolOrConntrack();
        assertEquals(List.of(), Diagnoser.diagnose(f));
        HostDiagnosis h = new HostDiagnosis("web-1", "10.0.0.1:22", HostStatus.OK, "", 10, List.of(),
                Coverage.checks(f), Coverage.unread(f));
        String text = DiagnoseReport.text(new DiagnoseResult(10, List.of(h)));
        long made = h.checks().stream().filter(Check::made).count();
        assertTrue(text.contains("web-1 (10.0.0.1:22): no findings in " + made + " checks (counters sampled 10.0 s apart)\n"),
                text);
        assertTrue(text.contains("  checked: NIC ring and receive drops on eth0; backlog drops and softirq budget per CPU;"
                + " accept queue overflows; SYN queue overflows (SYN cookies); socket receive queue drops and pruning;"), text);
        assertTrue(text.contains("  not checked: conntrack table fill, drops and failed inserts\n"), text);
        assertTrue(text.contains("  could not read ethtool -S eth0: ethtool is not installed (install the ethtool package)\n"), text);
        assertTrue(text.contains("  could not read /proc/net/stat/nf_conntrack: absent: the nf_conntrack module is not loaded"), text);
        assertTrue(text.contains("  could not read /proc/sys/net/core/somaxconn: absent or unreadable\n"), text);
        String json = DiagnoseReport.json(new DiagnoseResult(10, List.of(h)));
        assertTrue(json.contains("\"ethtool -S eth0\" : \"ethtool is not installed (install the ethtool package)\""), json);
        assertTrue(json.contains("\"check\" : \"NET_RX softirqs per CPU\""), json);
    }

    @Test
    void theCapturedTablesParse() {
        assertEquals(Map.of(0, 354L, 1, 336L), ProcStat.netRx(capture("guest-proc-softirqs.txt")));
        assertEquals(2, ProcStat.netRx(capture("container-proc-softirqs.txt")).size());
        Map<String, Long> guest = ProcStat.conntrack(capture("guest-proc-net-stat-nf_conntrack.txt"));
        assertEquals(0L, guest.get("drop"));
        assertEquals(0L, guest.get("insert_failed"));
        assertEquals(17, guest.size(), guest::toString);
        assertEquals(0L, ProcStat.conntrack(capture("container-proc-net-stat-nf_conntrack.txt")).get("early_drop"));
    }

    @Test
    void aChartIsPrintedUnderItsFindingAndCarriedInJson() {
        String after = SocketRulesTest.SOFTIRQS.replaceFirst("NET_RX:(\\s+)354(\\s+)336", "NET_RX:$1354$2100336");
        CounterFacts f = SocketRulesTest.changed(SocketRulesTest.SOFTNET, after, null, null).facts(10);
        HostDiagnosis h = new HostDiagnosis("web-1", "10.0.0.1:22", HostStatus.OK, "", 10, Diagnoser.diagnose(f),
                Coverage.checks(f), Coverage.unread(f));
        String text = DiagnoseReport.text(new DiagnoseResult(10, List.of(h)));
        assertTrue(text.contains("softirq-one-cpu: receive processing runs on one CPU\n"), text);
        assertTrue(text.contains("\n       CPU1 " + "#".repeat(30) + "    10000/s 100%\n"), text);
        assertTrue(text.contains("\n  checked: "), text);
        String json = DiagnoseReport.json(new DiagnoseResult(10, List.of(h)));
        assertTrue(json.contains("\"CPU1 " + "#".repeat(30) + "    10000/s 100%\""), json);
    }
}
