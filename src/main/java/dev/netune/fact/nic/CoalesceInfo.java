package dev.netune.fact.nic;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Interrupt coalescing settings from {@code ethtool -c}, keyed by their {@code ethtool -C} names.
 *
 * <p>The printed text is not the set syntax: {@code Adaptive RX: on  TX: off} is one line for two
 * parameters, {@code CQE mode RX: n/a  TX: n/a} likewise (tuned broke on it for years), and the
 * printed {@code rx-frame-low} is set as {@code rx-frames-low}. Storing everything under the -C
 * names lets a planner compare desired keys directly. Values stay raw text ({@code 3},
 * {@code on}, {@code n/a}, or a multi-line profile table) because the set of keys grows with
 * every ethtool release; {@link #value}, {@link #flag} and {@link #supported} interpret them.
 *
 * <p>{@code supportKnown}: whether the output says which keys the driver supports. ethtool's JSON
 * ({@code --json -c}) leaves unsupported keys out, and its netlink text (ethtool 5.6+ on kernel
 * 5.6+) prints them as {@code n/a}; the old ioctl path prints {@code 0} for every key the driver
 * ignores, so a text without a single {@code n/a} cannot tell "unsupported" from "0".
 */
public record CoalesceInfo(Map<String, String> settings, boolean supportKnown) {

    private static final Pattern RX_TX_PAIR = Pattern.compile("^(.*?)\\s*RX:\\s*(\\S+)\\s+TX:\\s*(\\S+)\\s*$");

    private static final Pattern SETTING_NAME = Pattern.compile("[a-z][a-z0-9-]*");
    private static final Pattern BARE_PAIR = Pattern.compile("^([a-z][a-z0-9-]*)\\s+(\\S+)$");

    /** Printed names that differ from the names {@code ethtool -C} accepts. */
    static final Map<String, String> PRINTED_TO_SET = Map.of(
            "rx-frame-low", "rx-frames-low",
            "tx-frame-low", "tx-frames-low",
            "rx-frame-high", "rx-frames-high",
            "tx-frame-high", "tx-frames-high");

    public CoalesceInfo {
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    /** Settings as printed as text: support is known when any key is printed {@code n/a}. */
    public CoalesceInfo(Map<String, String> settings) {
        this(settings, settings.containsValue(EthtoolText.NOT_AVAILABLE));
    }

    /**
     * Parses the stdout of {@code ethtool --json -c IFACE} or {@code ethtool -c IFACE}; throws when
     * no setting is present or the text holds several devices.
     */
    public static CoalesceInfo parse(String text) {
        if (CoalesceJson.looksLikeJson(text)) {
            return new CoalesceInfo(CoalesceJson.parse(text), true);
        }
        EthtoolText.oneDevice(text);
        Map<String, String> settings = new LinkedHashMap<>();
        String continued = null;
        for (String raw : EthtoolText.lines(text)) {
            String trimmed = raw.trim();
            if (trimmed.isEmpty()) {
                continued = null;
                continue;
            }
            Matcher pair = RX_TX_PAIR.matcher(trimmed);
            if (pair.matches() && !pair.group(1).isEmpty()) {
                String base = EthtoolText.dashed(pair.group(1));
                settings.put(base + "-rx", pair.group(2));
                settings.put(base + "-tx", pair.group(3));
                continued = null;
                continue;
            }
            EthtoolText.Line kv = EthtoolText.keyValue(raw);
            if (kv == null) {
                if (continued != null) {
                    // continuation of a multi-line value (the rx-profile / tx-profile tables of ethtool 6.x)
                    String prev = settings.get(continued);
                    settings.put(continued, prev.isEmpty() ? trimmed : prev + "\n" + trimmed);
                } else {
                    // ethtool 6.x prints "tx-aggr-time-usecs<TAB>n/a" without the colon
                    Matcher bare = BARE_PAIR.matcher(trimmed);
                    if (bare.matches()) {
                        settings.put(bare.group(1), bare.group(2));
                    }
                }
                continue;
            }
            if (!SETTING_NAME.matcher(kv.label()).matches()) {
                // the "Coalesce parameters for X:" heading, or an error such as "netlink error: ..."
                continue;
            }
            String key = PRINTED_TO_SET.getOrDefault(kv.label(), kv.label());
            settings.put(key, kv.value());
            continued = kv.value().isEmpty() ? key : null;
        }
        if (settings.isEmpty()) {
            throw new IllegalArgumentException("no settings in ethtool -c output");
        }
        return new CoalesceInfo(settings);
    }

    /** A numeric setting such as {@code rx-usecs}; empty when absent, {@code n/a} or not a number. */
    public OptionalLong value(String key) {
        return EthtoolText.number(settings.get(key));
    }

    /** An on/off setting such as {@code adaptive-rx}; empty when absent or {@code n/a}. */
    public Optional<Boolean> flag(String key) {
        String v = settings.get(key);
        if ("on".equals(v)) {
            return Optional.of(true);
        }
        if ("off".equals(v)) {
            return Optional.of(false);
        }
        return Optional.empty();
    }

    /**
     * Whether the driver supports a key: empty when the output cannot say (old ioctl text, where an
     * unsupported key prints {@code 0}).
     */
    public Optional<Boolean> supports(String key) {
        return supportKnown ? Optional.of(supported(key)) : Optional.empty();
    }

    /** True when the driver reports the key with a value other than {@code n/a}. */
    public boolean supported(String key) {
        String v = settings.get(key);
        return v != null && !EthtoolText.NOT_AVAILABLE.equals(v);
    }

    public Optional<Boolean> adaptiveRx() {
        return flag("adaptive-rx");
    }

    public Optional<Boolean> adaptiveTx() {
        return flag("adaptive-tx");
    }
}
