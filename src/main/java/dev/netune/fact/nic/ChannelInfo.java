package dev.netune.fact.nic;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Channel (queue) counts from {@code ethtool -l}: pre-set maximums and current values.
 *
 * <p>Drivers expose either separate RX/TX channels (ixgbe with some settings, igb) or combined
 * ones (virtio_net, mlx5, ena, i40e); the unused kind is printed as {@code n/a} by newer ethtool
 * and as {@code 0} by older ones. An empty value here means {@code n/a}; a present 0 means the
 * driver reported zero, so a planner can tell "cannot set rx" from "rx is 0 now".
 */
public record ChannelInfo(
        OptionalInt rxMax,
        OptionalInt txMax,
        OptionalInt otherMax,
        OptionalInt combinedMax,
        OptionalInt rx,
        OptionalInt tx,
        OptionalInt other,
        OptionalInt combined) {

    /** Parses the stdout of {@code ethtool -l IFACE}; throws when no channel line is present. */
    public static ChannelInfo parse(String text) {
        Map<String, String> max = new HashMap<>();
        Map<String, String> cur = new HashMap<>();
        boolean inCurrent = false;
        for (String raw : EthtoolText.lines(text)) {
            String trimmed = raw.trim();
            if (trimmed.startsWith("Pre-set maximums")) {
                inCurrent = false;
                continue;
            }
            if (trimmed.startsWith("Current hardware settings")) {
                inCurrent = true;
                continue;
            }
            EthtoolText.Line kv = EthtoolText.keyValue(raw);
            if (kv == null) {
                continue;
            }
            switch (kv.label()) {
                case "RX", "TX", "Other", "Combined" -> {
                    if (!inCurrent && max.containsKey(kv.label())) {
                        inCurrent = true;
                    }
                    (inCurrent ? cur : max).put(kv.label(), kv.value());
                }
                default -> {
                    // header "Channel parameters for X:" and anything a future ethtool adds
                }
            }
        }
        if (max.isEmpty() && cur.isEmpty()) {
            throw new IllegalArgumentException("no channel lines in ethtool -l output");
        }
        return new ChannelInfo(
                EthtoolText.count(max.get("RX")),
                EthtoolText.count(max.get("TX")),
                EthtoolText.count(max.get("Other")),
                EthtoolText.count(max.get("Combined")),
                EthtoolText.count(cur.get("RX")),
                EthtoolText.count(cur.get("TX")),
                EthtoolText.count(cur.get("Other")),
                EthtoolText.count(cur.get("Combined")));
    }

    /** True when the driver uses combined channels (maximum above 0) rather than separate RX/TX. */
    public boolean usesCombined() {
        return combinedMax.isPresent() && combinedMax.getAsInt() > 0;
    }
}
