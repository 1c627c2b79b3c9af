package dev.netune.fact.nic;

import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Where one NIC's work runs and how its link and transmit side are set, as an SRE checks first.
 *
 * @param speed      link speed in Mb/s from sysfs; empty when the link is down or the driver does not
 *                   say (virtio reports -1)
 * @param duplex     {@code full}, {@code half}; empty when unknown
 * @param qdisc      the root qdisc line of {@code tc qdisc show dev X root} (or the name {@code ip link} shows)
 * @param numaNode   the device's NUMA node; empty when the platform does not know it (-1) or it is virtual
 * @param localCpus  the CPUs local to the device ({@code local_cpulist})
 * @param queueIrqs  the queue IRQs in queue order with their CPUs
 * @param rps        rx queue to its {@code rps_cpus} mask (hex, as the kernel prints it)
 * @param rpsFlows   rx queue to its {@code rps_flow_cnt}
 * @param xps        tx queue to its {@code xps_cpus} mask ("-" where the file cannot be read)
 * @param unreadable sysfs file to why it could not be read (e.g. speed: Invalid argument; a queue's file by
 *                   QUEUE/FILE, e.g. tx-0/xps_cpus: unsupported on a single-queue device)
 */
public record NicTopology(String name, OptionalInt speed, Optional<String> duplex, OptionalInt txqueuelen,
                          Optional<String> qdisc, OptionalInt numaNode, Optional<String> localCpus,
                          List<QueueCpu> queueIrqs, SortedMap<String, String> rps, SortedMap<String, String> rpsFlows,
                          SortedMap<String, String> xps, SortedMap<String, String> unreadable) {
    public NicTopology {
        queueIrqs = List.copyOf(queueIrqs);
        rps = byQueue(rps);
        rpsFlows = byQueue(rpsFlows);
        xps = byQueue(xps);
        unreadable = Collections.unmodifiableSortedMap(new TreeMap<>(unreadable));
    }

    /** Queues in number order (rx-2 before rx-10), as the kernel numbers them. */
    static final Comparator<String> QUEUE_ORDER = Comparator.comparing((String q) -> q.replaceAll("\\d+$", ""))
            .thenComparingLong(q -> {
                String n = q.replaceAll("^.*?(\\d*)$", "$1");
                return n.isEmpty() || n.length() > 9 ? -1 : Long.parseLong(n);
            }).thenComparing(Comparator.naturalOrder());

    private static SortedMap<String, String> byQueue(SortedMap<String, String> m) {
        SortedMap<String, String> out = new TreeMap<>(QUEUE_ORDER);
        out.putAll(m);
        return Collections.unmodifiableSortedMap(out);
    }
}
