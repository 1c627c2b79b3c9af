package dev.netune.setting.nic;

import dev.netune.transport.ShellScript;
import dev.netune.fact.CpuSet;
import dev.netune.fact.Section;
import dev.netune.plan.Change;
import dev.netune.setting.ChangeResult;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Applying and verifying CPU-steering changes (IRQ affinity, RPS, XPS): plain writes to procfs and sysfs. */
final class Steering {
    private Steering() {
    }

    static boolean isSteering(Change c) {
        return Attribute.ofChangeKind(c.kind()).isQueueSteering();
    }

    /** The file a steering change writes. */
    static String path(Change c) {
        String[] t = c.target().split(" ");
        if (c.is(Attribute.IRQ_AFFINITY.changeKind())) {
            return "/proc/irq/" + t[2] + "/smp_affinity_list"; // "eth1 irq 36 virtio0-input.0"
        }
        if (t.length == 1) {
            return "/proc/sys/" + t[0].replace('.', '/'); // net.core.rps_sock_flow_entries
        }
        return "/sys/class/net/" + t[0] + "/queues/" + t[1] + "/" + t[2]; // "eth1 rx-0 rps_cpus"
    }

    /** What is written: masks for rps_cpus/xps_cpus (the kernel parses a bitmap there), else the value. */
    static String written(Change c) {
        if (c.target().endsWith("_cpus")) {
            CpuSet cpus = QueuePlanner.CpuText.parse(c.after());
            int width = cpus.isEmpty() ? 1 : cpus.cpus().get(cpus.size() - 1) + 1;
            return cpus.toMask(width);
        }
        return c.after();
    }

    static String applyLine(Change c) {
        return ShellScript.call("netune_write", c.kind().name(), path(c), written(c));
    }

    static ChangeResult verify(Change c, List<Section> sections, QueueFacts after) {
        String path = path(c);
        Optional<Section> applied = sections.stream().filter(s -> s.kind().equals("applied")
                && s.arg(0).equals(c.kind().name()) && s.arg(1).equals(path)).findFirst();
        Optional<String> actual = actual(c, after);
        if (applied.isEmpty()) {
            return new ChangeResult(c, false, actual.orElse(null), "not applied: the apply script stopped before it");
        }
        if (!applied.get().arg(2).equals("0")) {
            String err = applied.get().body().strip();
            if (c.is(Attribute.IRQ_AFFINITY.changeKind())
                    && (err.contains("Input/output error") || err.contains("Operation not permitted"))) {
                // managed IRQs (the kernel spreads them itself) refuse affinity writes: not a failure of ours
                return new ChangeResult(c, true, actual.orElse(null),
                        "not tunable: the kernel manages this IRQ's affinity (" + err + ")");
            }
            return new ChangeResult(c, false, actual.orElse(null), "write failed: " + err);
        }
        boolean same = actual.isPresent() && QueuePlanner.CpuText.same(actual.get(), c.after());
        return new ChangeResult(c, same, actual.orElse(null),
                same ? "set" : "the kernel holds " + actual.orElse("nothing") + " after writing " + c.after());
    }

    private static Optional<String> actual(Change c, QueueFacts q) {
        String[] t = c.target().split(" ");
        if (c.is(Attribute.IRQ_AFFINITY.changeKind())) {
            return Optional.ofNullable(q.irqAffinity().get(Integer.parseInt(t[2])));
        }
        if (t.length == 1) {
            return q.rpsSockFlowEntries();
        }
        Map<String, String> kv = q.queues().getOrDefault(t[0] + " " + t[1], Map.of());
        String v = kv.get(t[2]);
        if (v == null || v.equals("-")) {
            return Optional.empty();
        }
        return Optional.of(t[2].endsWith("_cpus") ? QueuePlanner.CpuText.text(CpuSet.parseMask(v)) : v);
    }
}
