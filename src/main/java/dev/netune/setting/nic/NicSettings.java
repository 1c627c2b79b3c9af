package dev.netune.setting.nic;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Wanted settings of NICs, per attribute (channels, ring, coalesce, offload, mtu), each a map of
 * ethtool parameter to value as written ("4096", "max", "on"). MTU uses the key "mtu".
 */
record NicSettings(SortedMap<Attribute, SortedMap<String, String>> byAttribute) {
    static final NicSettings EMPTY = new NicSettings(new TreeMap<>());

    NicSettings {
        SortedMap<Attribute, SortedMap<String, String>> copy = new TreeMap<>();
        byAttribute.forEach((a, m) -> copy.put(a, Collections.unmodifiableSortedMap(new TreeMap<>(m))));
        byAttribute = Collections.unmodifiableSortedMap(copy);
    }

    SortedMap<String, String> of(Attribute a) {
        return byAttribute.getOrDefault(a, Collections.emptySortedMap());
    }

    boolean isEmpty() {
        return byAttribute.values().stream().allMatch(Map::isEmpty);
    }

    /** These settings with {@code later} laid over them, per key. */
    NicSettings overlay(NicSettings later) {
        SortedMap<Attribute, SortedMap<String, String>> merged = new TreeMap<>();
        byAttribute.forEach((a, m) -> merged.put(a, new TreeMap<>(m)));
        later.byAttribute.forEach((a, m) -> {
            if (a == Attribute.IRQ_AFFINITY || a == Attribute.XPS) {
                merged.put(a, new TreeMap<>(m)); // a policy is replaced whole, never mixed with another
            } else {
                merged.computeIfAbsent(a, k -> new TreeMap<>()).putAll(m);
            }
        });
        return new NicSettings(merged);
    }
}
