package dev.netune.setting.nic;

import dev.netune.plan.ChangeKind;
import dev.netune.setting.shared.IrqbalanceIntent;
import dev.netune.fact.CpuSet;
import dev.netune.fact.nic.NicFacts;
import dev.netune.fact.nic.QueueIrq;
import dev.netune.fact.nic.SysInfo;
import dev.netune.plan.Change;
import dev.netune.plan.PlanError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Pure planning of CPU steering for one NIC: queue IRQ affinity (one queue per CPU, round
 * robin over a pool), RPS per rx queue, XPS per tx queue.
 *
 * <p>Targets name what is written: {@code eth1 irq 36 virtio0-input.0},
 * {@code eth1 rx-0 rps_cpus}, {@code eth1 tx-0 xps_cpus}. Values are cpulists; sets are compared,
 * so a kernel mask {@code 00000000,00000003} equals {@code 0-1}.
 */
final class QueuePlanner {

    /** What steering planning produced for one NIC. */
    record Result(List<Change> changes, List<PlanError> errors, List<String> warnings, List<String> noops,
                  SortedMap<String, String> resolved) {
    }

    private QueuePlanner() {
    }

    static Result plan(NicFacts nic, NicSettings wanted, QueueFacts q) {
        return plan(nic, wanted, q, IrqbalanceIntent.UNCHANGED);
    }

    static Result plan(NicFacts nic, NicSettings wanted, QueueFacts q, IrqbalanceIntent irqbalance) {
        List<Change> changes = new ArrayList<>();
        List<PlanError> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<String> noops = new ArrayList<>();
        SortedMap<String, String> resolved = new TreeMap<>();
        SysInfo sys = nic.sys().value().orElse(null);
        int rxQueues = sys == null ? 0 : sys.rxQueues();
        int txQueues = sys == null ? 0 : sys.txQueues();
        String name = nic.name();
        Consumer<Change> add = c -> {
            if (CpuText.same(c.before(), c.after())) {
                noops.add(c.target() + " is already " + c.after());
            } else {
                changes.add(c);
            }
        };

        // queue index -> CPUs its IRQs are to be pinned to (or are pinned to now), for XPS per-queue
        SortedMap<Integer, CpuSet> queueCpus = new TreeMap<>();
        List<QueueIrq> irqs = activeIrqs(nic, rxQueues, txQueues);
        for (QueueIrq irq : irqs) {
            String cur = q.irqAffinity().get(irq.irq());
            if (cur != null && !cur.equals("-")) {
                queueCpus.merge(irq.queue(), CpuText.parse(cur), CpuSet::union);
            }
        }

        SortedMap<String, String> affinity = wanted.of(Attribute.IRQ_AFFINITY);
        if (!affinity.isEmpty()) {
            Optional<List<Integer>> pool = pool(nic, affinity, q, "irqAffinity", errors, warnings);
            if (irqs.isEmpty()) {
                String driver = NicMatch.driverOf(nic);
                errors.add(new PlanError(Attribute.IRQ_AFFINITY.changeKind(), name, QueueIrq.unsteerable(driver)
                        .map(why -> name + ": " + why)
                        .orElse("no queue IRQs found for " + name + " (virtual device, or MSI-X names not recognised)")));
            } else if (pool.isPresent()) {
                List<Integer> indices = new ArrayList<>(new TreeSet<>(irqs.stream().map(QueueIrq::queue).toList()));
                queueCpus.clear();
                for (QueueIrq irq : irqs) {
                    int cpu = pool.get().get(indices.indexOf(irq.queue()) % pool.get().size());
                    queueCpus.put(irq.queue(), CpuSet.of(cpu));
                    String cur = q.irqAffinity().get(irq.irq());
                    String target = name + " irq " + irq.irq() + " " + irq.name();
                    resolved.put("irq " + irq.name(), Integer.toString(cpu));
                    add.accept(new Change(Attribute.IRQ_AFFINITY.changeKind(), target,
                            cur == null || cur.equals("-") ? null : CpuText.text(CpuText.parse(cur)), Integer.toString(cpu),
                            List.of("queue " + irq.queue())));
                }
                CpuSet pinned = queueCpus.values().stream().reduce(CpuSet.empty(), CpuSet::union);
                if (q.irqbalance().equals("active") && !irqbalance.leavesAlone(pinned)) {
                    errors.add(new PlanError(Attribute.IRQ_AFFINITY.changeKind(), name, "irqbalance is running on this"
                            + " host and would move " + name + "'s IRQs back; add irqbalance: {enabled: false} to the"
                            + " profile, or irqbalance: {enabled: true, bannedCpus: \"" + pinned.toList() + "\"}"));
                }
            }
        }

        SortedMap<String, String> rps = wanted.of(Attribute.RPS);
        if (rps.containsKey("cpus")) {
            CpuSet cpus = CpuText.parse(rps.get("cpus"));
            if (checkOnline(cpus, q, name, "rps", errors)) {
                for (int i = 0; i < rxQueues; i++) {
                    String key = name + " rx-" + i;
                    Map<String, String> kv = q.queues().getOrDefault(key, Map.of());
                    String cur = kv.get("rps_cpus");
                    if (cur == null || cur.equals("-")) {
                        errors.add(new PlanError(Attribute.RPS.changeKind(), key + " rps_cpus",
                                name + " has no rps_cpus for rx-" + i + " (kernel without CONFIG_RPS?)"));
                        continue;
                    }
                    resolved.put("queues/rx-" + i + "/rps_cpus", cpus.toMask(q.possibleCpus()));
                    add.accept(new Change(Attribute.RPS.changeKind(), key + " rps_cpus",
                            CpuText.text(CpuSet.parseMask(cur)), cpus.toList()));
                }
            }
        }
        if (rps.containsKey("flowEntries") && rxQueues > 0) {
            long entries = Long.parseLong(rps.get("flowEntries"));
            // per queue: the kernel's advice, flow entries / rx queues, as a power of two it will not round
            long perQueue = entries == 0 ? 0 : Long.highestOneBit(Math.max(1, entries / rxQueues));
            for (int i = 0; i < rxQueues; i++) {
                String key = name + " rx-" + i;
                String cur = q.queues().getOrDefault(key, Map.of()).get("rps_flow_cnt");
                resolved.put("queues/rx-" + i + "/rps_flow_cnt", Long.toString(perQueue));
                add.accept(new Change(Attribute.RPS.changeKind(), key + " rps_flow_cnt",
                        cur == null || cur.equals("-") ? null : cur, Long.toString(perQueue)));
            }
        }

        SortedMap<String, String> xps = wanted.of(Attribute.XPS);
        if (!xps.isEmpty()) {
            CpuSet fixed = xps.containsKey("cpus") ? CpuText.parse(xps.get("cpus")) : null;
            if (fixed == null || checkOnline(fixed, q, name, "xps", errors)) {
                for (int i = 0; i < txQueues; i++) {
                    String key = name + " tx-" + i;
                    String cur = q.queues().getOrDefault(key, Map.of()).get("xps_cpus");
                    if (cur == null || cur.equals("-")) {
                        errors.add(new PlanError(Attribute.XPS.changeKind(), key + " xps_cpus",
                                name + " has no xps_cpus for tx-" + i + " (XPS needs a multiqueue device)"));
                        continue;
                    }
                    CpuSet want = fixed != null ? fixed : queueCpus.get(i);
                    if (want == null) {
                        warnings.add(name + " tx-" + i + ": no IRQ for queue " + i + " to follow; xps left as is");
                        continue;
                    }
                    resolved.put("queues/tx-" + i + "/xps_cpus", want.toMask(q.possibleCpus()));
                    add.accept(new Change(Attribute.XPS.changeKind(), key + " xps_cpus",
                            CpuText.text(CpuSet.parseMask(cur)), want.toList(),
                            fixed == null ? List.of("the CPU of queue " + i + "'s IRQ") : List.of()));
                }
            }
        }
        return new Result(changes, errors, warnings, noops, resolved);
    }

    /** The queue IRQs of the queues that exist now (virtio allocates vectors for every possible pair). */
    static List<QueueIrq> activeIrqs(NicFacts nic, int rxQueues, int txQueues) {
        return nic.queueIrqs().stream().filter(i -> switch (i.kind()) {
            case TX -> i.queue() < txQueues;
            default -> i.queue() < Math.max(rxQueues, 1);
        }).toList();
    }

    private static Optional<List<Integer>> pool(NicFacts nic, Map<String, String> policy, QueueFacts q, String what,
                                               List<PlanError> errors, List<String> warnings) {
        if (policy.containsKey("cpus")) {
            CpuSet cpus = CpuText.parse(policy.get("cpus"));
            return checkOnline(cpus, q, nic.name(), what, errors) ? Optional.of(cpus.cpus()) : Optional.empty();
        }
        if (policy.get("policy").equals("numa-local")) {
            Optional<String> local = nic.sys().value().flatMap(SysInfo::localCpulist);
            CpuSet localCpus = local.map(CpuText::parse).orElse(CpuSet.empty()).intersect(q.online());
            if (!localCpus.isEmpty()) {
                return Optional.of(localCpus.cpus());
            }
            warnings.add(nic.name() + ": the NIC's NUMA-local CPUs are unknown; spreading over all online CPUs");
        }
        return Optional.of(q.online().cpus());
    }

    private static boolean checkOnline(CpuSet cpus, QueueFacts q, String nic, String what, List<PlanError> errors) {
        CpuSet missing = cpus.minus(q.online());
        if (!missing.isEmpty()) {
            errors.add(new PlanError(ChangeKind.of("nic." + what), nic, what + " cpus " + cpus.toList() + " of " + nic + ": CPU "
                    + missing.toList() + " is not online on this host (online: " + q.online().toList() + ")"));
            return false;
        }
        return true;
    }

    /** CPU list text helpers; null-safe, so "absent" compares unequal to anything. */
    static final class CpuText {
        private CpuText() {
        }

        static CpuSet parse(String list) {
            return list.strip().equals(NONE) ? CpuSet.empty() : CpuSet.parseList(list.strip());
        }

        /** A CPU list for people: "none" rather than an empty string. */
        static String text(CpuSet cpus) {
            return cpus.isEmpty() ? NONE : cpus.toList();
        }

        static final String NONE = "none";

        static boolean same(String a, String b) {
            if (a == null || b == null) {
                return false;
            }
            try {
                return parse(a).equals(parse(b));
            } catch (IllegalArgumentException e) {
                return a.strip().equals(b.strip()); // flow counts and other plain numbers
            }
        }
    }
}
