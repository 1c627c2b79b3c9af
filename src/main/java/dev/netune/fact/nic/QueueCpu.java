package dev.netune.fact.nic;

import java.util.Collections;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One queue IRQ of a NIC against the CPUs: where it may run, where the kernel last put it and
 * where its interrupts landed since boot.
 *
 * @param allowed    {@code /proc/irq/N/smp_affinity_list}, e.g. {@code 0-3}; empty when unreadable
 * @param effective  {@code /proc/irq/N/effective_affinity_list} (kernels with the generic effective
 *                   mask; x86 picks one CPU of {@code allowed}); empty where the file is absent
 * @param interrupts CPU id to the interrupts it took since boot ({@code /proc/interrupts})
 */
public record QueueCpu(int irq, String name, Optional<String> allowed, Optional<String> effective,
                       SortedMap<Integer, Long> interrupts) {
    public QueueCpu {
        interrupts = Collections.unmodifiableSortedMap(new TreeMap<>(interrupts));
    }

    public long total() {
        return interrupts.values().stream().mapToLong(Long::longValue).sum();
    }
}
