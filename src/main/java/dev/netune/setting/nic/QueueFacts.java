package dev.netune.setting.nic;

import dev.netune.fact.CpuSet;
import dev.netune.fact.FactSource;
import dev.netune.fact.HostNumbers;
import dev.netune.fact.Section;
import dev.netune.transport.ShellScript;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * CPU steering state of a host: each IRQ's affinity, each queue's RPS/XPS masks, the CPUs, and
 * whether irqbalance runs (it would move IRQs netune pins).
 *
 * @param irqAffinity  IRQ number to its requested affinity (smp_affinity_list, not effective_affinity)
 * @param queues       "eth1 rx-0" to {rps_cpus, rps_flow_cnt} or "eth1 tx-0" to {xps_cpus}, as read
 * @param online       CPUs online now
 * @param possibleCpus number of possible CPUs (the width of kernel CPU masks)
 */
public record QueueFacts(Map<Integer, String> irqAffinity, Map<String, Map<String, String>> queues, CpuSet online,
                         int possibleCpus, String irqbalance, Optional<String> rpsSockFlowEntries) {
    public QueueFacts {
        irqAffinity = Collections.unmodifiableMap(new TreeMap<>(irqAffinity));
        queues = Collections.unmodifiableMap(new TreeMap<>(queues));
    }

    static final FactSource<QueueFacts> SOURCE = new FactSource<>() {
        @Override
        public String id() {
            return "nic-queues";
        }

        @Override
        public String script() {
            // read-only, library nic-queues.sh
            return ShellScript.library("read-line") + ShellScript.library("nic-queues") + ShellScript.call("netune_nic_queues");
        }

        @Override
        public QueueFacts parse(List<Section> sections) {
            Map<Integer, String> irqs = new TreeMap<>();
            Map<String, Map<String, String>> queues = new TreeMap<>();
            Map<String, String> cpus = new TreeMap<>();
            for (Section s : sections) {
                switch (s.kind()) {
                    case "nic-queues" -> s.body().lines().forEach(line -> {
                        String[] w = line.split(" ");
                        if (w.length >= 3) {
                            Map<String, String> kv = new TreeMap<>();
                            for (int i = 2; i < w.length; i++) {
                                int eq = w[i].indexOf('=');
                                if (eq > 0) {
                                    kv.put(w[i].substring(0, eq), w[i].substring(eq + 1));
                                }
                            }
                            queues.put(w[0] + " " + w[1], kv);
                        }
                    });
                    case "irq-affinity" -> s.body().lines().forEach(line -> {
                        String[] w = line.split(" ", 2);
                        if (w.length == 2) {
                            // /proc/irq/N of an N no int holds: a corrupt line, skipped
                            HostNumbers.decimalInt(w[0]).ifPresent(irq -> irqs.put(irq, w[1].strip()));
                        }
                    });
                    case "cpus" -> s.body().lines().forEach(line -> {
                        int eq = line.indexOf('=');
                        if (eq > 0) {
                            cpus.put(line.substring(0, eq), line.substring(eq + 1).strip());
                        }
                    });
                    default -> { }
                }
            }
            CpuSet online = parseOr(cpus.get("online"));
            CpuSet possible = parseOr(cpus.get("possible"));
            int width = possible.isEmpty() ? online.cpus().stream().mapToInt(Integer::intValue).max().orElse(0) + 1
                    : possible.cpus().get(possible.size() - 1) + 1;
            String flows = cpus.getOrDefault("rps_sock_flow_entries", "");
            return new QueueFacts(irqs, queues, online, width, cpus.getOrDefault("irqbalance", "unknown"),
                    flows.isEmpty() ? Optional.empty() : Optional.of(flows));
        }
    };

    private static CpuSet parseOr(String list) {
        try {
            return list == null || list.isBlank() ? CpuSet.empty() : CpuSet.parseList(list);
        } catch (IllegalArgumentException e) {
            return CpuSet.empty();
        }
    }
}
