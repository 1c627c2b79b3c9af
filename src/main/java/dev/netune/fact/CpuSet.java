package dev.netune.fact;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.List;

/**
 * An immutable set of CPU numbers, as the kernel reads and prints it for IRQ affinity, RPS/XPS
 * and irqbalance's banned CPUs.
 *
 * <p>Two text forms: the cpulist ({@code 0-3,8}, {@code /sys/devices/system/cpu/online},
 * {@code smp_affinity_list}) and the hex mask in comma-separated 32-bit groups, most significant
 * group first ({@code 00000000,000000ff}, {@code smp_affinity}, {@code rps_cpus}). CPU numbers
 * are 0..{@value #MAX_CPU} (the kernel's largest NR_CPUS is 8192).
 */
public final class CpuSet {
    /** The highest CPU number accepted. */
    public static final int MAX_CPU = 8191;
    private static final CpuSet EMPTY = new CpuSet(new BitSet());

    private final BitSet bits;

    private CpuSet(BitSet bits) {
        this.bits = bits;
    }

    public static CpuSet empty() {
        return EMPTY;
    }

    /** The given CPUs; throws on numbers outside 0..{@value #MAX_CPU}. */
    public static CpuSet of(int... cpus) {
        BitSet b = new BitSet();
        for (int c : cpus) {
            b.set(checked(c, String.valueOf(c)));
        }
        return new CpuSet(b);
    }

    public static CpuSet of(Collection<Integer> cpus) {
        return of(cpus.stream().mapToInt(Integer::intValue).toArray());
    }

    /** CPUs {@code from..to}, both included. */
    public static CpuSet range(int from, int to) {
        checked(from, String.valueOf(from));
        checked(to, String.valueOf(to));
        if (from > to) {
            throw new IllegalArgumentException("CPU range " + from + "-" + to + " goes down (write " + to + "-" + from + ")");
        }
        BitSet b = new BitSet();
        b.set(from, to + 1);
        return new CpuSet(b);
    }

    /**
     * Parses a cpulist: comma-separated CPU numbers and {@code a-b} ranges ({@code 0-3,8}); empty
     * (or only whitespace, as an empty sysfs file reads) is the empty set. Surrounding whitespace
     * and a trailing newline are ignored.
     */
    public static CpuSet parseList(String text) {
        String s = text.strip();
        BitSet b = new BitSet();
        if (s.isEmpty()) {
            return new CpuSet(b);
        }
        for (String part : s.split(",", -1)) {
            String p = part.strip();
            if (p.isEmpty()) {
                throw listError(s, "empty element (two commas, or a comma at an end)");
            }
            if (p.startsWith("-")) {
                throw listError(s, p.length() > 1 && p.substring(1).chars().allMatch(Character::isDigit)
                        ? "'" + p + "' is negative; CPU numbers start at 0" : "range '" + p + "' has no start");
            }
            int dash = p.indexOf('-');
            if (dash < 0) {
                b.set(number(s, p));
                continue;
            }
            String lo = p.substring(0, dash).strip();
            String hi = p.substring(dash + 1).strip();
            if (hi.isEmpty()) {
                throw listError(s, "range '" + p + "' has no end");
            }
            if (hi.startsWith("-")) {
                throw listError(s, "range '" + p + "' has a negative end; CPU numbers start at 0");
            }
            int from = number(s, lo);
            int to = number(s, hi);
            if (from > to) {
                throw listError(s, "range '" + p + "' goes down (write " + to + "-" + from + ")");
            }
            b.set(from, to + 1);
        }
        return new CpuSet(b);
    }

    private static int number(String list, String p) {
        if (p.isEmpty() || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw listError(list, "'" + p + "' is not a CPU number");
        }
        if (p.length() > 9 || Integer.parseInt(p) > MAX_CPU) {
            throw listError(list, "CPU " + p + " is above the maximum " + MAX_CPU);
        }
        return Integer.parseInt(p);
    }

    private static IllegalArgumentException listError(String list, String detail) {
        return new IllegalArgumentException("invalid CPU list '" + list + "': " + detail
                + " (expected numbers and ranges such as 0-3,8)");
    }

    private static int checked(int cpu, String text) {
        if (cpu < 0) {
            throw new IllegalArgumentException("CPU " + text + " is negative; CPU numbers start at 0");
        }
        if (cpu > MAX_CPU) {
            throw new IllegalArgumentException("CPU " + text + " is above the maximum " + MAX_CPU);
        }
        return cpu;
    }

    /**
     * Parses a hex mask: one or more groups of 1 to 8 hex digits separated by commas, most
     * significant group first; each group holds 32 CPUs ({@code 00000001,00000000} is CPU 32).
     * A single group ({@code ff}) is CPUs 0-7; {@code 0} is the empty set. Leading zero groups
     * and surrounding whitespace are ignored.
     */
    public static CpuSet parseMask(String text) {
        String s = text.strip();
        if (s.isEmpty()) {
            throw maskError(s, "it is empty (the empty set is 0)");
        }
        String[] groups = s.split(",", -1);
        BitSet b = new BitSet();
        for (int g = 0; g < groups.length; g++) {
            String group = groups[g];
            if (group.isEmpty()) {
                throw maskError(s, "empty group (two commas, or a comma at an end)");
            }
            if (group.length() > 8) {
                throw maskError(s, "group '" + group + "' has more than 8 hex digits (groups are 32 bits)");
            }
            long value;
            try {
                if (!group.chars().allMatch(c -> Character.digit(c, 16) >= 0 && c < 128)) {
                    throw new NumberFormatException();
                }
                value = Long.parseLong(group, 16);
            } catch (NumberFormatException e) {
                throw maskError(s, "'" + group + "' is not hexadecimal");
            }
            int base = (groups.length - 1 - g) * 32;
            for (int bit = 0; bit < 32; bit++) {
                if ((value & (1L << bit)) != 0) {
                    int cpu = base + bit;
                    if (cpu > MAX_CPU) {
                        throw maskError(s, "it sets CPU " + cpu + ", above the maximum " + MAX_CPU);
                    }
                    b.set(cpu);
                }
            }
        }
        return new CpuSet(b);
    }

    private static IllegalArgumentException maskError(String mask, String detail) {
        return new IllegalArgumentException("invalid CPU mask '" + mask + "': " + detail
                + " (expected hex groups such as 00000000,000000ff)");
    }

    /** The canonical cpulist: ascending, runs of two or more as ranges ({@code 0-3,8}); empty set is "". */
    public String toList() {
        StringBuilder sb = new StringBuilder();
        int from = bits.nextSetBit(0);
        while (from >= 0) {
            int to = bits.nextClearBit(from) - 1;
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(from);
            if (to > from) {
                sb.append('-').append(to);
            }
            from = bits.nextSetBit(to + 1);
        }
        return sb.toString();
    }

    /**
     * The mask as the kernel prints it for a host with {@code cpuCount} CPU ids: 32-bit groups of
     * 8 hex digits separated by commas, most significant first, the first group only as wide as
     * the CPUs it holds need. So 4 CPUs print {@code f}, 8 print {@code 01}, 64 print
     * {@code 00000000,0000000f}, 40 print {@code ff,ffffffff}.
     *
     * @throws IllegalArgumentException if a CPU of the set is not below {@code cpuCount}
     */
    public String toMask(int cpuCount) {
        if (cpuCount < 1 || cpuCount > MAX_CPU + 1) {
            throw new IllegalArgumentException("CPU count " + cpuCount + " is outside 1.." + (MAX_CPU + 1));
        }
        if (bits.length() > cpuCount) {
            throw new IllegalArgumentException("CPU " + (bits.length() - 1) + " does not fit a mask of "
                    + cpuCount + " CPUs (0-" + (cpuCount - 1) + ")");
        }
        int groups = (cpuCount + 31) / 32;
        int firstWidth = ((cpuCount - 1) % 32) / 4 + 1;
        StringBuilder sb = new StringBuilder();
        for (int g = groups - 1; g >= 0; g--) {
            long value = 0;
            for (int bit = 0; bit < 32; bit++) {
                if (bits.get(g * 32 + bit)) {
                    value |= 1L << bit;
                }
            }
            String hex = Long.toHexString(value);
            int width = g == groups - 1 ? firstWidth : 8;
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append("0".repeat(Math.max(0, width - hex.length()))).append(hex);
        }
        return sb.toString();
    }

    public boolean contains(int cpu) {
        return cpu >= 0 && bits.get(cpu);
    }

    public int size() {
        return bits.cardinality();
    }

    public boolean isEmpty() {
        return bits.isEmpty();
    }

    /** Whether every CPU of this set is also in {@code other}. */
    public boolean isSubsetOf(CpuSet other) {
        return minus(other).isEmpty();
    }

    /** The CPUs in ascending order. */
    public List<Integer> cpus() {
        List<Integer> out = new ArrayList<>(size());
        bits.stream().forEach(out::add);
        return List.copyOf(out);
    }

    public CpuSet union(CpuSet other) {
        BitSet b = (BitSet) bits.clone();
        b.or(other.bits);
        return new CpuSet(b);
    }

    public CpuSet minus(CpuSet other) {
        BitSet b = (BitSet) bits.clone();
        b.andNot(other.bits);
        return new CpuSet(b);
    }

    public CpuSet intersect(CpuSet other) {
        BitSet b = (BitSet) bits.clone();
        b.and(other.bits);
        return new CpuSet(b);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CpuSet c && bits.equals(c.bits);
    }

    @Override
    public int hashCode() {
        return bits.hashCode();
    }

    /** The cpulist form ({@link #toList()}). */
    @Override
    public String toString() {
        return toList();
    }
}
