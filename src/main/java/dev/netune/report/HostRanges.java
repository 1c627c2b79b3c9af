package dev.netune.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A list of host names written short, as Ansible ranges: {@code web-001 .. web-312, db-1} becomes
 * {@code web-[001:312], db-1}. Names that differ only in one number are folded into runs of
 * consecutive numbers (three or more; zero padding kept); other names are listed as they are.
 */
public final class HostRanges {
    private static final Pattern DIGITS = Pattern.compile("\\d+");

    private HostRanges() {
    }

    /** The names compressed into ranges, in the order their groups first appear, joined with ", ". */
    public static String compress(List<String> names) {
        return String.join(", ", items(names));
    }

    /** As {@link #compress}, but at most {@code max} items, then "and N more". */
    public static String compress(List<String> names, int max) {
        List<String> items = items(names);
        if (items.size() <= max) {
            return String.join(", ", items);
        }
        return String.join(", ", items.subList(0, max)) + " and " + (items.size() - max) + " more";
    }

    /**
     * Prefix, suffix and digit width (0 when the numbers are not zero-padded) of names in one series.
     * A map key looked up several times a name: equals and hashCode written out, not a record's
     * generated ones, which a short C1 run calls through a method-handle bootstrap.
     */
    private record Series(String prefix, String suffix, int width) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Series s && width == s.width && prefix.equals(s.prefix) && suffix.equals(s.suffix);
        }

        @Override
        public int hashCode() {
            return (prefix.hashCode() * 31 + suffix.hashCode()) * 31 + width;
        }
    }

    /** One way to read a name as a member of a series: which of its numbers varies. */
    private record Reading(Series series, long number, String digits) {
    }

    static List<String> items(List<String> names) {
        // every number in a name could be the one that varies (web-1.dc1, node-07); count the
        // names each reading would share its series with, and take the reading shared most
        Map<String, List<Reading>> readings = new LinkedHashMap<>();
        Map<Series, Integer> shared = new java.util.HashMap<>();
        for (String name : names) {
            List<Reading> rs = new ArrayList<>();
            Matcher m = DIGITS.matcher(name);
            while (m.find()) {
                String digits = m.group();
                if (digits.length() > 15) {
                    continue;
                }
                boolean zeroPadded = digits.length() > 1 && digits.charAt(0) == '0';
                Series s = new Series(name.substring(0, m.start()), name.substring(m.end()),
                        zeroPadded ? digits.length() : 0);
                rs.add(new Reading(s, Long.parseLong(digits), digits));
            }
            readings.put(name, rs);
        }
        Map<Series, Boolean> padded = new java.util.HashMap<>();
        readings.values().forEach(rs -> rs.forEach(r -> {
            if (r.series().width() > 0) {
                padded.put(r.series(), true);
            }
        }));
        Map<String, Reading> chosen = new LinkedHashMap<>();
        readings.forEach((name, rs) -> rs.replaceAll(r -> widened(r, padded)));
        readings.values().forEach(rs -> rs.forEach(r -> shared.merge(r.series(), 1, Integer::sum)));
        readings.forEach((name, rs) -> rs.stream()
                .max(java.util.Comparator.comparingInt((Reading r) -> shared.get(r.series())))
                .ifPresent(r -> chosen.put(name, r)));
        Map<Object, TreeMap<Long, String>> groups = new LinkedHashMap<>();
        for (String name : names) {
            Reading r = chosen.get(name);
            if (r == null) {
                groups.computeIfAbsent(name, k -> new TreeMap<>()).put(-1L, name);
            } else {
                groups.computeIfAbsent(r.series(), k -> new TreeMap<>()).put(r.number(), name);
            }
        }
        List<String> out = new ArrayList<>();
        for (Map.Entry<Object, TreeMap<Long, String>> g : groups.entrySet()) {
            if (g.getKey() instanceof Series s) {
                runs(s, g.getValue(), out);
            } else {
                out.add((String) g.getKey());
            }
        }
        return out;
    }

    /** web-100 belongs with web-001 .. web-099: the padded width, just no leading zero. */
    private static Reading widened(Reading r, Map<Series, Boolean> padded) {
        Series s = r.series();
        Series asPadded = new Series(s.prefix(), s.suffix(), r.digits().length());
        return s.width() == 0 && padded.containsKey(asPadded) ? new Reading(asPadded, r.number(), r.digits()) : r;
    }

    private static void runs(Series s, TreeMap<Long, String> numbers, List<String> out) {
        List<Long> run = new ArrayList<>();
        for (Map.Entry<Long, String> e : numbers.entrySet()) {
            if (!run.isEmpty() && e.getKey() != run.get(run.size() - 1) + 1) {
                emit(s, run, numbers, out);
                run.clear();
            }
            run.add(e.getKey());
        }
        emit(s, run, numbers, out);
    }

    private static void emit(Series s, List<Long> run, TreeMap<Long, String> numbers, List<String> out) {
        if (run.size() < 3) {
            run.forEach(n -> out.add(numbers.get(n)));
            return;
        }
        String format = s.width() > 0 ? "%0" + s.width() + "d" : "%d";
        out.add(s.prefix() + "[" + String.format(format, run.get(0)) + ":"
                + String.format(format, run.get(run.size() - 1)) + "]" + s.suffix());
    }
}
