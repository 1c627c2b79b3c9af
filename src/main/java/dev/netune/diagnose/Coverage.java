package dev.netune.diagnose;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Which checks diagnose made on a host and which sources it could not read: a host without a
 * finding is only healthy as far as its checks reached, so the report names both.
 */
final class Coverage {
    private Coverage() {
    }

    /** Every check of the rules, marked made when its counters were read in both samples. */
    static List<Check> checks(CounterFacts f) {
        List<Check> out = new ArrayList<>();
        for (String nic : f.second().sysStats().keySet()) {
            boolean ethtool = f.first().ethtool().containsKey(nic) && f.second().ethtool().containsKey(nic);
            out.add(new Check("NIC ring and receive drops on " + nic,
                    ethtool ? List.of("ethtool -S " + nic, "/sys/class/net/" + nic + "/statistics")
                            : List.of("/sys/class/net/" + nic + "/statistics (ring counters need ethtool -S)"), true));
        }
        boolean softnet = !f.first().softnet().isEmpty() && !f.second().softnet().isEmpty();
        out.add(new Check("backlog drops and softirq budget per CPU", List.of("/proc/net/softnet_stat"), softnet));
        boolean snmp = !f.first().snmp().isEmpty() && !f.second().snmp().isEmpty();
        out.add(new Check("accept queue overflows", List.of("TcpExt.ListenOverflows", "TcpExt.ListenDrops"), snmp));
        out.add(new Check("SYN queue overflows (SYN cookies)", List.of("TcpExt.SyncookiesSent", "TcpExt.SyncookiesFailed"), snmp));
        out.add(new Check("socket receive queue drops and pruning", List.of("TcpExt.TCPRcvQDrop", "TcpExt.PruneCalled",
                "TcpExt.RcvPruned", "TcpExt.TCPBacklogDrop"), snmp));
        out.add(new Check("TCP memory pressure", List.of("TcpExt.TCPMemoryPressures"), snmp));
        out.add(new Check("UDP socket buffer errors", List.of("Udp.RcvbufErrors", "Udp.SndbufErrors"), snmp));
        out.add(new Check("TIME_WAIT bucket overflow", List.of("TcpExt.TCPTimeWaitOverflow"), snmp));
        out.add(new Check("handshake rate and retransmits", List.of("Tcp.ActiveOpens", "Tcp.PassiveOpens",
                "Tcp.RetransSegs"), snmp));
        out.add(new Check("local port usage", List.of("/proc/net/tcp", "net.ipv4.ip_local_port_range"), f.ports().isPresent()));
        out.add(new Check("NIC queue interrupts per CPU", List.of("/proc/interrupts"),
                f.first().interrupts().isPresent() && f.second().interrupts().isPresent()));
        out.add(new Check("NET_RX softirqs per CPU", List.of("/proc/softirqs"),
                !f.first().netRx().isEmpty() && !f.second().netRx().isEmpty()));
        boolean table = f.knob("net.netfilter.nf_conntrack_count").isPresent() && f.knob("net.netfilter.nf_conntrack_max").isPresent();
        boolean stats = !f.first().conntrack().isEmpty() && !f.second().conntrack().isEmpty();
        out.add(new Check("conntrack table fill, drops and failed inserts",
                List.of("net.netfilter.nf_conntrack_count/max", "/proc/net/stat/nf_conntrack"), table || stats));
        out.add(new Check("open files", List.of("fs.file-nr", "fs.file-max"), f.knob("fs.file-max").isPresent()));
        return out;
    }

    /** Every source that could not be read in either sample, with why (the second sample's reason wins). */
    static SortedMap<String, String> unread(CounterFacts f) {
        SortedMap<String, String> out = new TreeMap<>(f.first().unread());
        out.putAll(f.second().unread());
        if (f.ports().isEmpty()) {
            out.put("/proc/net/tcp", "not read (no local port range, or awk is missing)");
        }
        for (Map.Entry<String, String> k : f.knobs().entrySet()) {
            if (k.getValue().isEmpty() && !k.getKey().startsWith("net.netfilter.")) {
                out.put("/proc/sys/" + k.getKey().replace('.', '/'), "absent or unreadable");
            }
        }
        return out;
    }
}
