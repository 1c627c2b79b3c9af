package dev.netune.fact.nic;

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
        EthtoolText.Blocks blocks = EthtoolText.maxAndCurrent(text, java.util.Set.of("RX", "TX", "Other", "Combined"));
        Map<String, String> max = blocks.max();
        Map<String, String> cur = blocks.current();
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
