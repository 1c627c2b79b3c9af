package dev.netune.fact.nic;

import dev.netune.fact.HostNumbers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code /proc/interrupts}: per numbered IRQ its per-CPU counts, chip, hardware IRQ/trigger
 * column and action names; the named rows (NMI, LOC, ERR, MIS, ...) are kept apart.
 *
 * <p>The CPU header lists only online CPUs, so ids may have gaps ({@code CPU0 CPU2}). The kernel
 * prints actions after two spaces and joins several with {@code ", "}; an action name may itself
 * contain spaces ({@code kvm guest vtimer}) and an IRQ may have no action at all (a vector that
 * is allocated but not requested), so the columns are taken from the left and the rest is the
 * action list.
 */
public record InterruptTable(List<Integer> cpus, SortedMap<Integer, Irq> irqs, Map<String, Counter> counters) {

    /** One numbered IRQ row. {@code hwirq} is the raw middle column, e.g. {@code 3-edge} or {@code 25 Level}. */
    public record Irq(int irq, List<Long> perCpu, String chip, String hwirq, List<String> actions) {
        public Irq {
            perCpu = List.copyOf(perCpu);
            actions = List.copyOf(actions);
        }

        public long total() {
            return perCpu.stream().mapToLong(Long::longValue).sum();
        }
    }

    /** A named row such as {@code LOC} (per CPU) or {@code ERR} (one count). */
    public record Counter(String name, List<Long> counts, String description) {
        public Counter {
            counts = List.copyOf(counts);
        }
    }

    // chip, then the optional hwirq/trigger column in its three historic shapes, then the actions
    private static final Pattern TAIL = Pattern.compile(
            "^(?<chip>\\S+)(?:\\s+(?<hw>\\d+-\\S+|\\d+\\s+(?:Level|Edge)(?:-\\S+)?|\\d+(?=\\s|$)|Level|Edge))?(?<rest>.*)$");

    private static final Pattern COUNTER_LABEL = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

    public InterruptTable {
        cpus = List.copyOf(cpus);
        irqs = Collections.unmodifiableSortedMap(new TreeMap<>(irqs));
        counters = Collections.unmodifiableMap(new LinkedHashMap<>(counters));
    }

    /** Parses the content of {@code /proc/interrupts}; throws when there is not a single row. */
    public static InterruptTable parse(String text) {
        List<Integer> cpus = new ArrayList<>();
        SortedMap<Integer, Irq> irqs = new TreeMap<>();
        Map<String, Counter> counters = new LinkedHashMap<>();
        for (String raw : EthtoolText.lines(text)) {
            String line = EthtoolText.stripEnd(raw);
            String trimmed = line.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (trimmed.startsWith("CPU")) {
                for (String w : trimmed.split("\\s+")) {
                    if (w.startsWith("CPU")) {
                        // a CPU id that is no number would shift every count column: the table is unreadable
                        cpus.add(HostNumbers.decimalInt(w.substring(3)).orElseThrow(
                                () -> new IllegalArgumentException("bad CPU header in /proc/interrupts: " + w)));
                    }
                }
                continue;
            }
            int colon = trimmed.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String label = trimmed.substring(0, colon);
            String after = trimmed.substring(colon + 1);
            Columns cols = counts(after, cpus.isEmpty() ? Integer.MAX_VALUE : cpus.size());
            if (label.chars().allMatch(Character::isDigit)) {
                // an IRQ number no int holds is a corrupt line, not a row: skipped like other noise
                OptionalInt irq = HostNumbers.decimalInt(label);
                if (irq.isPresent()) {
                    irqs.put(irq.getAsInt(), irqRow(irq.getAsInt(), cols));
                }
            } else if (COUNTER_LABEL.matcher(label).matches() && !cols.counts.isEmpty()) {
                counters.put(label, new Counter(label, cols.counts, cols.rest.trim()));
            }
            // anything else (an error message that happens to contain a colon) is not a row
        }
        if (irqs.isEmpty() && counters.isEmpty()) {
            throw new IllegalArgumentException("no rows in /proc/interrupts");
        }
        return new InterruptTable(cpus, irqs, counters);
    }

    /** The IRQ numbers whose actions include the given name. */
    public List<Integer> byAction(String action) {
        List<Integer> out = new ArrayList<>();
        for (Irq irq : irqs.values()) {
            if (irq.actions().contains(action)) {
                out.add(irq.irq());
            }
        }
        return out;
    }

    private record Columns(List<Long> counts, String rest) {
    }

    private static Columns counts(String after, int max) {
        List<Long> counts = new ArrayList<>();
        int i = 0;
        int n = after.length();
        while (counts.size() < max) {
            int start = i;
            while (start < n && after.charAt(start) == ' ') {
                start++;
            }
            int end = start;
            while (end < n && Character.isDigit(after.charAt(end))) {
                end++;
            }
            // a count is a whole word of digits; "5-edge" or a chip name ends the counts
            if (end == start || (end < n && after.charAt(end) != ' ')) {
                break;
            }
            OptionalLong count = HostNumbers.decimalLong(after.substring(start, end));
            if (count.isEmpty()) {
                break; // too long for a count: the rest of the line is not counts
            }
            counts.add(count.getAsLong());
            i = end;
        }
        return new Columns(counts, after.substring(i));
    }

    private static Irq irqRow(int irq, Columns cols) {
        String tail = cols.rest.trim();
        Matcher m = TAIL.matcher(tail);
        if (tail.isEmpty() || !m.matches()) {
            return new Irq(irq, cols.counts, "", "", List.of());
        }
        String hw = m.group("hw") == null ? "" : m.group("hw").replaceAll("\\s+", " ");
        String rest = m.group("rest").trim();
        List<String> actions = rest.isEmpty()
                ? List.of()
                : Arrays.stream(rest.split(",\\s*")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        return new Irq(irq, cols.counts, m.group("chip"), hw, actions);
    }
}
