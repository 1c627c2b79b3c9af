package dev.netune.fact.nic;

import dev.netune.fact.CpuSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The queue x CPU grid of one NIC: a row per queue IRQ, a column per CPU that one of them took
 * interrupts on or is effective on (so a 128-CPU host shows only the CPUs that matter), each cell
 * the interrupts since boot with a mark for the affinity; the allowed list is a column of its own.
 */
final class QueueGrid {
    static final String LEGEND = "interrupts since boot per CPU; * effective CPU, + allowed, - not allowed";

    private QueueGrid() {
    }

    static void render(List<QueueCpu> queues, List<Integer> online, StringBuilder sb) {
        // columns: the CPUs that took interrupts or are effective; an IRQ allowed everywhere (the
        // default) would otherwise widen the grid to every CPU of the host
        TreeSet<Integer> columns = new TreeSet<>();
        TreeSet<Integer> anyAllowed = new TreeSet<>();
        List<Optional<CpuSet>> allowed = new ArrayList<>();
        List<Optional<CpuSet>> effective = new ArrayList<>();
        for (QueueCpu q : queues) {
            allowed.add(q.allowed().flatMap(QueueGrid::parse));
            effective.add(q.effective().flatMap(QueueGrid::parse));
            allowed.get(allowed.size() - 1).ifPresent(s -> s.cpus().stream().filter(online::contains).forEach(anyAllowed::add));
            effective.get(effective.size() - 1).ifPresent(s -> s.cpus().stream().filter(online::contains).forEach(columns::add));
            q.interrupts().forEach((cpu, n) -> {
                if (n > 0) {
                    columns.add(cpu);
                }
            });
        }
        if (columns.isEmpty()) {
            columns.addAll(anyAllowed.isEmpty() ? online : anyAllowed);
        }
        List<String[]> rows = new ArrayList<>();
        List<String> head = new ArrayList<>(List.of("irq", "queue", "allowed"));
        columns.forEach(c -> head.add("CPU" + c));
        rows.add(head.toArray(String[]::new));
        for (int i = 0; i < queues.size(); i++) {
            QueueCpu q = queues.get(i);
            List<String> row = new ArrayList<>(List.of(Integer.toString(q.irq()), q.name(), q.allowed().orElse("?")));
            for (int cpu : columns) {
                Long n = q.interrupts().get(cpu);
                row.add((n == null ? "?" : Long.toString(n)) + mark(cpu, allowed.get(i), effective.get(i)));
            }
            rows.add(row.toArray(String[]::new));
        }
        int[] width = new int[head.size()];
        for (String[] r : rows) {
            for (int c = 0; c < r.length; c++) {
                width[c] = Math.max(width[c], r[c].length());
            }
        }
        sb.append("  queue IRQs x CPUs (").append(LEGEND).append("):\n");
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder("    ");
            for (int c = 0; c < r.length; c++) {
                // numbers right-aligned under their CPU, names left-aligned
                line.append(c < 3 ? pad(r[c], width[c], false) : pad(r[c], width[c], true)).append("  ");
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
    }

    private static String mark(int cpu, Optional<CpuSet> allowed, Optional<CpuSet> effective) {
        if (effective.isPresent() && effective.get().contains(cpu)) {
            return "*";
        }
        if (allowed.isEmpty()) {
            return " ";
        }
        return allowed.get().contains(cpu) ? "+" : "-";
    }

    private static String pad(String s, int width, boolean right) {
        String fill = " ".repeat(Math.max(0, width - s.length()));
        return right ? fill + s : s + fill;
    }

    private static Optional<CpuSet> parse(String list) {
        try {
            return Optional.of(CpuSet.parseList(list));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
