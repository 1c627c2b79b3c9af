package dev.netune.setting.sysctl;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** The wanted sysctls of a profile or host: key to what is wanted of it (exact or bounded), sorted by key. */
public record SysctlDesired(SortedMap<String, SysctlWant> wants) {
    public SysctlDesired {
        wants = Collections.unmodifiableSortedMap(new TreeMap<>(wants));
    }

    /** Plain (exact) values, as profiles wrote them before bounds existed. */
    public static SysctlDesired of(Map<String, String> values) {
        SortedMap<String, SysctlWant> w = new TreeMap<>();
        values.forEach((k, v) -> w.put(k, SysctlWant.exact(v)));
        return new SysctlDesired(w);
    }

    /** Key to the want as text: the value when exact, bounds as {@code >=N} / {@code <=N} per element. */
    public SortedMap<String, String> values() {
        SortedMap<String, String> out = new TreeMap<>();
        wants.forEach((k, w) -> out.put(k, w.text()));
        return Collections.unmodifiableSortedMap(out);
    }
}
