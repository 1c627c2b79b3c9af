package dev.netune.fact.nic;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ethernet flow control (pause frames) from {@code ethtool -a}: autonegotiate, rx and tx, each
 * on or off. Newer ethtool adds the negotiated values and pause statistics after them; those
 * are not settings and are left out.
 */
public record PauseInfo(Map<String, String> settings) {
    /** The keys {@code ethtool -A} takes, in its order. */
    public static final List<String> KEYS = List.of("autoneg", "rx", "tx");
    private static final Map<String, String> LABELS = Map.of("Autonegotiate", "autoneg", "RX", "rx", "TX", "tx");

    public PauseInfo {
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    /** Parses {@code ethtool -a IFACE}; throws when none of the three settings is printed. */
    public static PauseInfo parse(String text) {
        EthtoolText.oneDevice(text);
        Map<String, String> out = new LinkedHashMap<>();
        for (String raw : EthtoolText.lines(text)) {
            EthtoolText.Line kv = EthtoolText.keyValue(raw);
            if (kv == null || kv.indented() || !LABELS.containsKey(kv.label())) {
                continue;
            }
            String v = kv.value();
            if (!v.equals("on") && !v.equals("off")) {
                throw new IllegalArgumentException("pause " + kv.label() + " is '" + v + "', not on or off");
            }
            out.putIfAbsent(LABELS.get(kv.label()), v);
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no pause parameters in ethtool -a output");
        }
        return new PauseInfo(out);
    }
}
