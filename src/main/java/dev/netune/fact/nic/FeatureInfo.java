package dev.netune.fact.nic;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Offload features from {@code ethtool -k}: name to state, in the order ethtool prints them.
 *
 * <p>ethtool prints a few legacy group names ({@code tx-checksumming}, {@code scatter-gather},
 * {@code tcp-segmentation-offload}) with their kernel features indented below them; both levels
 * are kept and a sub-feature records its group. {@code [fixed]} means the driver does not let it
 * change; {@code [requested on]} means someone asked for "on" but the kernel keeps it off, usually
 * because a feature it depends on is off. People write the short {@code -K} names
 * ({@code gro}, {@code tso}, ...): {@link #longName} maps them as ethtool does.
 */
public record FeatureInfo(Map<String, Feature> features) {

    /** One feature line. */
    public record Feature(String name, boolean on, boolean fixed, Optional<Boolean> requested, Optional<String> group) {
    }

    /** ethtool's short {@code -K} names and the names it prints for them in {@code -k}. */
    private static final Map<String, String> SHORT_NAMES = Map.ofEntries(
            Map.entry("rx", "rx-checksumming"),
            Map.entry("tx", "tx-checksumming"),
            Map.entry("sg", "scatter-gather"),
            Map.entry("tso", "tcp-segmentation-offload"),
            Map.entry("ufo", "udp-fragmentation-offload"),
            Map.entry("gso", "generic-segmentation-offload"),
            Map.entry("gro", "generic-receive-offload"),
            Map.entry("lro", "large-receive-offload"),
            Map.entry("rxvlan", "rx-vlan-offload"),
            Map.entry("txvlan", "tx-vlan-offload"),
            Map.entry("ntuple", "ntuple-filters"),
            Map.entry("rxhash", "receive-hashing"));

    public FeatureInfo {
        features = Collections.unmodifiableMap(new LinkedHashMap<>(features));
    }

    /** The name ethtool prints for a name given to {@code ethtool -K}; long names pass through. */
    public static String longName(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        return SHORT_NAMES.getOrDefault(n, n);
    }

    /** The feature by short or long name. */
    public Optional<Feature> get(String name) {
        return Optional.ofNullable(features.get(longName(name)));
    }

    /** Parses the stdout of {@code ethtool -k IFACE}; throws when no feature line is present. */
    public static FeatureInfo parse(String text) {
        EthtoolText.oneDevice(text);
        Map<String, Feature> features = new LinkedHashMap<>();
        String group = null;
        for (String raw : EthtoolText.lines(text)) {
            EthtoolText.Line kv = EthtoolText.keyValue(raw);
            if (kv == null || kv.label().startsWith("Features for")) {
                continue;
            }
            String[] words = kv.value().split("\\s+", 2);
            boolean on;
            if (words[0].equals("on")) {
                on = true;
            } else if (words[0].equals("off")) {
                on = false;
            } else {
                continue; // not a feature line
            }
            String note = words.length > 1 ? words[1] : "";
            Optional<Boolean> requested = Optional.empty();
            if (note.contains("[requested on]")) {
                requested = Optional.of(true);
            } else if (note.contains("[requested off]")) {
                requested = Optional.of(false);
            }
            String name = kv.label();
            Optional<String> parent = kv.indented() ? Optional.ofNullable(group) : Optional.empty();
            if (!kv.indented()) {
                group = name;
            }
            features.put(name, new Feature(name, on, note.contains("[fixed]"), requested, parent));
        }
        if (features.isEmpty()) {
            throw new IllegalArgumentException("no feature lines in ethtool -k output");
        }
        return new FeatureInfo(features);
    }
}
