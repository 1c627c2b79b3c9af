package dev.netune.diagnose;

import static dev.netune.diagnose.Counters.capture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The counter parsers against real captures of several drivers and of this machine. */
class ProcNetTest {

    @Test
    void softnetOfThisMachineHasHexColumnsAndCpuIds() {
        List<ProcNet.Softnet> rows = ProcNet.softnet(capture("this-host-proc-net-softnet_stat.txt"));
        assertEquals(2, rows.size());
        assertEquals(0, rows.get(0).cpu());
        assertEquals(1, rows.get(1).cpu());
        assertEquals(0x718e, rows.get(0).processed());
        assertEquals(0, rows.get(0).dropped());
        assertEquals(1, rows.get(0).squeezed());
    }

    @Test
    void softnetOfOldKernelsWithoutCpuColumnCountsRows() {
        List<ProcNet.Softnet> rows = ProcNet.softnet("0000ffff 00000002 0000000a 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000\n"
                + "00000010 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000\n");
        assertEquals(new ProcNet.Softnet(1, 16, 0, 0), rows.get(1));
        assertEquals(new ProcNet.Softnet(0, 0xffff, 2, 10), rows.get(0));
    }

    @Test
    void netstatAndSnmpOfThisMachine() {
        Map<String, Long> m = ProcNet.netstat(capture("this-host-proc-net-netstat.txt") + capture("this-host-proc-net-snmp.txt"));
        for (String k : List.of("TcpExt.ListenOverflows", "TcpExt.ListenDrops", "TcpExt.TCPTimeWaitOverflow",
                "TcpExt.TCPFastOpenActive", "Tcp.ActiveOpens", "Tcp.PassiveOpens", "Tcp.RetransSegs", "Tcp.OutSegs",
                "IpExt.InOctets", "Udp.InDatagrams")) {
            assertTrue(m.containsKey(k), k);
        }
        assertEquals(-1, m.get("Tcp.MaxConn"));
        assertEquals(1499, m.get("TcpExt.TW"));
    }

    @Test
    void sockstatOfThisMachine() {
        Map<String, Long> m = ProcNet.sockstat(capture("this-host-proc-net-sockstat.txt"));
        assertEquals(5, m.get("TCP.inuse"));
        assertEquals(106, m.get("TCP.tw"));
        assertEquals(12, m.get("TCP.alloc"));
        assertEquals(85, m.get("sockets.used"));
    }

    @Test
    void ethtoolStatsOfSeveralDrivers() {
        Map<String, Long> e1000e = ProcNet.ethtoolStats(capture("e1000e-ethtool-S-drops.txt"));
        assertEquals(4954, e1000e.get("rx_missed_errors"));
        assertEquals(527, e1000e.get("rx_no_buffer_count"));
        assertFalse(e1000e.containsKey("NIC statistics"));
        Map<String, Long> ixgbe = ProcNet.ethtoolStats(capture("ixgbe-x520-ethtool-S.txt"));
        assertEquals(0, ixgbe.get("rx_no_dma_resources"));
        assertEquals(48 - 1, ixgbe.size());
        Map<String, Long> ixgbe82599 = ProcNet.ethtoolStats(capture("ixgbe-ethtool-S.txt"));
        assertEquals(0, ixgbe82599.get("rx_missed_errors"));
        assertEquals(0, ixgbe82599.get("rx_no_buffer_count"));
        assertEquals(38 - 1, ixgbe82599.size());
        assertEquals(845320277L, ProcNet.ethtoolStats(capture("mlx5-ethtool-S.txt")).get("rx_packets"));
        assertEquals(9300271L, ProcNet.ethtoolStats(capture("ena-ethtool-S.txt")).get("queue_0_rx_cnt"));
        assertEquals(0, ProcNet.ethtoolStats(capture("virtio_net-ethtool-S-per-queue.txt")).get("rx_queue_3_drops"));
        Map<String, Long> thisHost = ProcNet.ethtoolStats(capture("this-host-virtio_net-ethtool-S.txt"));
        assertEquals(0, thisHost.get("rx0_drops"));
        assertEquals(0, thisHost.get("rx_drops"));
        // be2net names carry the queue before a colon of their own
        assertEquals(3885606854L, ProcNet.ethtoolStats(capture("be2net-ethtool-S.txt")).get("rxq0: rx_drops_no_frags"));
    }

    @Test
    void ethtoolErrorTextHasNoCounters() {
        assertEquals(Map.of(), ProcNet.ethtoolStats("no stats available"));
    }

    @Test
    void tcpRowsBecomePortUsageTowardEachDestination() {
        String rows = capture("this-host-proc-net-tcp-head.txt")
                + "   7: 0100007F:9C40 0100007F:1F91 06 00000000:00000000 03:00000000 00000000 0 0 0 3\n"
                + "   8: 0100007F:9C41 0100007F:1F91 01 00000000:00000000 00:00000000 00000000 0 0 0 1\n"
                + "   9: 0100007F:9C41 0200007F:0050 01 00000000:00000000 00:00000000 00000000 0 0 0 1\n"
                + "  10: 0100007F:9C42 0100007F:1F91 0A 00000000:00000000 00:00000000 00000000 0 0 0 1\n";
        PortUsage p = PortUsage.parse(rows, 40000, 40100);
        assertEquals(101, p.rangeSize());
        assertEquals(Map.of("ESTAB", 2, "TIME_WAIT", 1), p.sockets());
        assertEquals(2, p.distinctPorts());
        assertEquals("127.0.0.1:8081", p.busiestDestination());
        assertEquals(2, p.busiestPorts());
    }

    @Test
    void ipv6AddressesAreReadable() {
        assertEquals("[0:0:0:0:0:0:0:1]:8080", PortUsage.destination("00000000000000000000000001000000:1F90"));
        assertEquals("10.0.0.1:443", PortUsage.destination("0100000A:01BB"));
    }
}
