package dev.netune.fact.nic;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Ring sizes from {@code ethtool -g}: the driver's pre-set maximums and the current values.
 *
 * <p>An empty value means the driver reports {@code n/a} (it has no such ring), which is not the
 * same as a ring of size 0 that old ethtool versions printed for RX Mini / RX Jumbo. Lines newer
 * ethtool versions print after the four classic rings ({@code RX Buf Len}, {@code CQE Size},
 * {@code TX Push}, {@code RX Push}, {@code TX push buff len}, {@code TCP data split},
 * {@code HDS thresh}, ...) are kept raw in {@link #extras()} under their {@code ethtool -G}
 * parameter name ({@code rx-buf-len}, {@code cqe-size}, ...); a line of that kind printed in the
 * maximums block gets a {@code -max} suffix, as ethtool's own JSON output does.
 */
public record RingInfo(
        OptionalInt rxMax,
        OptionalInt rxMiniMax,
        OptionalInt rxJumboMax,
        OptionalInt txMax,
        OptionalInt rx,
        OptionalInt rxMini,
        OptionalInt rxJumbo,
        OptionalInt tx,
        Map<String, String> extras) {

    public RingInfo {
        extras = Collections.unmodifiableMap(new LinkedHashMap<>(extras));
    }

    /** Parses the stdout of {@code ethtool -g IFACE}; throws when neither RX nor TX is present. */
    public static RingInfo parse(String text) {
        EthtoolText.Blocks blocks = EthtoolText.maxAndCurrent(text, CLASSIC);
        Map<String, String> max = blocks.max();
        Map<String, String> cur = blocks.current();
        Map<String, String> extras = new LinkedHashMap<>();
        // newer lines, under their ethtool -G names; those in the maximums block get "-max", as ethtool's JSON does
        blocks.otherMax().forEach((label, v) -> extras.put(extraKey(label) + "-max", v));
        blocks.otherCurrent().forEach((label, v) -> extras.put(extraKey(label), v));
        if (!max.containsKey("RX") && !max.containsKey("TX") && !cur.containsKey("RX") && !cur.containsKey("TX")) {
            throw new IllegalArgumentException("no RX/TX lines in ethtool -g output");
        }
        return new RingInfo(
                EthtoolText.count(max.get("RX")),
                EthtoolText.count(max.get("RX Mini")),
                EthtoolText.count(max.get("RX Jumbo")),
                EthtoolText.count(max.get("TX")),
                EthtoolText.count(cur.get("RX")),
                EthtoolText.count(cur.get("RX Mini")),
                EthtoolText.count(cur.get("RX Jumbo")),
                EthtoolText.count(cur.get("TX")),
                extras);
    }

    private static final java.util.Set<String> CLASSIC = java.util.Set.of("RX", "RX Mini", "RX Jumbo", "TX");

    /** The {@code ethtool -G} name of a newer ring line; ethtool prints labels that differ from it. */
    private static String extraKey(String label) {
        return switch (label) {
            case "TX push buff len" -> "tx-push-buf-len";
            default -> EthtoolText.dashed(label);
        };
    }
}
