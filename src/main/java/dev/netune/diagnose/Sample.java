package dev.netune.diagnose;

import dev.netune.fact.nic.InterruptTable;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One reading of every counter diagnose compares: taken twice, {@code --interval} apart, in the
 * same remote execution.
 *
 * @param uptime     seconds since boot at the reading ({@code /proc/uptime}), NaN when unknown
 * @param softnet    per-CPU rows of softnet_stat
 * @param snmp       TcpExt.* and Tcp.* etc. from /proc/net/netstat and /proc/net/snmp
 * @param sockstat   TCP.inuse, TCP.tw ... from /proc/net/sockstat
 * @param interrupts /proc/interrupts, empty when unreadable
 * @param ethtool    per interface its {@code ethtool -S} counters (absent when not supported)
 * @param sysStats   per interface its /sys/class/net/IFACE/statistics counters
 * @param netRx      per CPU its NET_RX softirq count ({@code /proc/softirqs})
 * @param conntrack  the {@code /proc/net/stat/nf_conntrack} columns summed over CPUs (drop, insert_failed ...)
 * @param unread     source to why it could not be read in this sample
 */
public record Sample(double uptime, List<ProcNet.Softnet> softnet, Map<String, Long> snmp, Map<String, Long> sockstat,
                     Optional<InterruptTable> interrupts, SortedMap<String, Map<String, Long>> ethtool,
                     SortedMap<String, Map<String, Long>> sysStats, SortedMap<Integer, Long> netRx,
                     Map<String, Long> conntrack, SortedMap<String, String> unread) {
    public Sample {
        netRx = Collections.unmodifiableSortedMap(new TreeMap<>(netRx));
        conntrack = Map.copyOf(conntrack);
        unread = Collections.unmodifiableSortedMap(new TreeMap<>(unread));
        softnet = List.copyOf(softnet);
        snmp = Map.copyOf(snmp);
        sockstat = Map.copyOf(sockstat);
        ethtool = Collections.unmodifiableSortedMap(new TreeMap<>(ethtool));
        sysStats = Collections.unmodifiableSortedMap(new TreeMap<>(sysStats));
    }
}
