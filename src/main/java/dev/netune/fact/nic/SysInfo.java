package dev.netune.fact.nic;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What sysfs says about a network interface, as printed by {@link NicGather#script()}.
 *
 * <p>{@code bus} is the name of the device the net device hangs off (a PCI address such as
 * {@code 0000:3b:00.0}, or {@code virtio2} for virtio_net whose PCI function is one level up, in
 * {@code parentBus}). Values a virtual device lacks are empty. {@code raw} keeps every printed
 * {@code key=value} so that a newer script's keys are not lost on an older parser.
 */
public record SysInfo(
        OptionalInt mtu,
        Optional<String> operstate,
        Optional<String> address,
        OptionalInt type,
        Optional<String> driver,
        Optional<String> bus,
        Optional<String> parentBus,
        OptionalInt numaNode,
        Optional<String> localCpulist,
        boolean virtual,
        int rxQueues,
        int txQueues,
        List<Integer> msiIrqs,
        Map<String, String> raw) {

    public SysInfo {
        msiIrqs = List.copyOf(msiIrqs);
        raw = Collections.unmodifiableMap(new LinkedHashMap<>(raw));
    }

    /** Parses the {@code key=value} lines of a {@code nic IFACE sys} block. */
    public static SysInfo parse(String text) {
        Map<String, String> kv = new LinkedHashMap<>();
        for (String line : EthtoolText.lines(text)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                kv.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
        List<Integer> msi = new ArrayList<>();
        for (String w : kv.getOrDefault("msi_irqs", "").split("\\s+")) {
            EthtoolText.count(w).ifPresent(msi::add);
        }
        Collections.sort(msi); // the shell glob lists them in text order (100 before 99)
        OptionalInt numa = EthtoolText.count(kv.get("numa_node"));
        if (numa.isPresent() && numa.getAsInt() < 0) {
            numa = OptionalInt.empty(); // -1: the platform does not know the node
        }
        return new SysInfo(
                EthtoolText.count(kv.get("mtu")),
                text(kv.get("operstate")),
                text(kv.get("address")),
                EthtoolText.count(kv.get("type")),
                text(kv.get("driver")),
                text(kv.get("bus")),
                text(kv.get("parent_bus")),
                numa,
                text(kv.get("local_cpulist")),
                "1".equals(kv.get("is_virtual")),
                EthtoolText.count(kv.get("rx_queues")).orElse(0),
                EthtoolText.count(kv.get("tx_queues")).orElse(0),
                msi,
                kv);
    }

    private static Optional<String> text(String v) {
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
    }
}
