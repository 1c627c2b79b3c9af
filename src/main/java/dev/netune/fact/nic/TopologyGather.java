package dev.netune.fact.nic;

import dev.netune.fact.FactSource;
import dev.netune.fact.HostNumbers;
import dev.netune.fact.Section;
import dev.netune.transport.ShellScript;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The fact source of {@link NicTopologies}: the {@code nic-topology} shell library's sections,
 * read together with the NIC gather's sysfs blocks and {@code /proc/interrupts} (which name the
 * queue IRQs and count their interrupts), so it needs {@link NicGather} in the same gather.
 */
public final class TopologyGather implements FactSource<NicTopologies> {
    public static final TopologyGather SOURCE = new TopologyGather();
    static final String KIND = "nic-topo";
    static final String IRQS = "irq-topo";

    private TopologyGather() {
    }

    @Override
    public String id() {
        return "nic-topology";
    }

    @Override
    public String script() {
        return ShellScript.library("nic-topology") + ShellScript.call("netune_nic_topology");
    }

    @Override
    public NicTopologies parse(List<Section> sections) {
        SortedMap<String, NicFacts> nics = NicGather.parse(sections);
        Map<Integer, String[]> irqCpus = new HashMap<>();
        InterruptTable interrupts = null;
        Map<String, String> bodies = new TreeMap<>();
        for (Section s : sections) {
            if (s.kind().equals(KIND) && !s.arg(0).isEmpty()) {
                bodies.put(s.arg(0), s.body());
            } else if (s.kind().equals(IRQS)) {
                s.body().lines().forEach(l -> {
                    String[] w = l.trim().split(" ");
                    if (w.length == 3) {
                        HostNumbers.decimalInt(w[0]).ifPresent(i -> irqCpus.put(i, w));
                    }
                });
            } else if (s.kind().equals(NicGather.INTERRUPTS)) {
                try {
                    interrupts = InterruptTable.parse(s.body());
                } catch (RuntimeException e) {
                    interrupts = null; // no counts: the grid shows CPUs without them
                }
            }
        }
        SortedMap<String, NicTopology> out = new TreeMap<>();
        for (Map.Entry<String, String> e : bodies.entrySet()) {
            out.put(e.getKey(), nic(e.getKey(), e.getValue(), nics.get(e.getKey()), irqCpus, interrupts));
        }
        return new NicTopologies(out, interrupts == null ? List.of() : interrupts.cpus());
    }

    static NicTopology nic(String name, String body, NicFacts facts, Map<Integer, String[]> irqCpus,
                           InterruptTable interrupts) {
        Map<String, String> kv = new HashMap<>();
        SortedMap<String, String> unreadable = new TreeMap<>();
        SortedMap<String, String> rps = new TreeMap<>();
        SortedMap<String, String> flows = new TreeMap<>();
        SortedMap<String, String> xps = new TreeMap<>();
        for (String line : body.split("\n")) {
            if (line.startsWith("queue ")) {
                String[] w = line.split(" ");
                for (int i = 2; i < w.length; i++) {
                    int eq = w[i].indexOf('=');
                    String v = eq < 0 ? "" : w[i].substring(eq + 1);
                    switch (eq < 0 ? "" : w[i].substring(0, eq)) {
                        case "rps" -> rps.put(w[1], v);
                        case "flows" -> flows.put(w[1], v);
                        case "xps" -> xps.put(w[1], v);
                        default -> { }
                    }
                }
                continue;
            }
            int eq = line.indexOf('=');
            int bang = line.indexOf('!');
            if (bang > 0 && (eq < 0 || bang < eq)) {
                String key = line.substring(0, bang);
                unreadable.put(key, explained(key, reason(line.substring(bang + 1))));
            } else if (eq > 0) {
                kv.put(line.substring(0, eq), line.substring(eq + 1).trim());
            }
        }
        Optional<SysInfo> sys = facts == null ? Optional.empty() : facts.sys().value();
        List<QueueCpu> queues = new ArrayList<>();
        if (facts != null) {
            for (QueueIrq q : facts.queueIrqs()) {
                String[] cpus = irqCpus.get(q.irq());
                SortedMap<Integer, Long> counts = new TreeMap<>();
                InterruptTable.Irq row = interrupts == null ? null : interrupts.irqs().get(q.irq());
                if (row != null) {
                    for (int c = 0; c < row.perCpu().size() && c < interrupts.cpus().size(); c++) {
                        counts.put(interrupts.cpus().get(c), row.perCpu().get(c));
                    }
                }
                queues.add(new QueueCpu(q.irq(), q.name(), cpus == null ? Optional.empty() : list(cpus[1]),
                        cpus == null ? Optional.empty() : list(cpus[2]), counts));
            }
        }
        OptionalInt speed = HostNumbers.decimalInt(kv.getOrDefault("speed", ""));
        if (speed.isPresent() && speed.getAsInt() <= 0) {
            speed = OptionalInt.empty(); // -1 (SPEED_UNKNOWN): virtio and links that are down
        }
        String duplex = kv.getOrDefault("duplex", "");
        // the NIC gather reads tx_queue_len and tc's qdiscs for the nics kind; ip link's name is the fallback without tc
        String qdisc = facts == null ? "" : facts.qdiscs().value().flatMap(QdiscTree::root).map(QdiscTree.Qdisc::line).orElse("");
        qdisc = qdisc.isEmpty() ? kv.getOrDefault("qdisc", "") : qdisc;
        String txqueuelen = sys.map(s -> s.raw().get("tx_queue_len")).orElse(kv.getOrDefault("tx_queue_len", ""));
        return new NicTopology(name, speed,
                duplex.isEmpty() || duplex.equals("unknown") ? Optional.empty() : Optional.of(duplex),
                HostNumbers.decimalInt(txqueuelen),
                qdisc.isEmpty() ? Optional.empty() : Optional.of(qdisc),
                sys.map(SysInfo::numaNode).orElse(OptionalInt.empty()),
                sys.flatMap(SysInfo::localCpulist), queues, rps, flows, xps, unreadable);
    }

    private static Optional<String> list(String word) {
        return word.equals("-") || word.isEmpty() ? Optional.empty() : Optional.of(word);
    }

    /**
     * A queue file's reason as an SRE needs it: the kernel answers ENOENT when xps_cpus of a
     * single-queue device is read (the file is there: netif_is_multiqueue), and a file that does
     * not exist is a kernel built without the option; any other reason (Permission denied) as read.
     */
    static String explained(String key, String reason) {
        if (!key.contains("/")) {
            return reason;
        }
        String file = key.substring(key.lastIndexOf('/') + 1);
        if (reason.equals("absent")) {
            return "no " + file + " file: a kernel without " + (file.startsWith("xps") ? "CONFIG_XPS" : "CONFIG_RPS");
        }
        if (file.equals("xps_cpus") && reason.equals("No such file or directory")) {
            return "unsupported on a single-queue device: the kernel answers ENOENT";
        }
        return reason;
    }

    /** "cat: /sys/class/net/eth1/speed: Invalid argument" -> "Invalid argument". */
    private static String reason(String text) {
        String t = text.trim();
        int colon = t.lastIndexOf(": ");
        return colon < 0 ? t : t.substring(colon + 2);
    }
}
