package dev.netune.setting.sysctl;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/** The wanted sysctls of a profile or host: key to normalised value, sorted by key. */
public record SysctlDesired(SortedMap<String, String> values) {
    public SysctlDesired {
        values = Collections.unmodifiableSortedMap(new TreeMap<>(values));
    }
}
