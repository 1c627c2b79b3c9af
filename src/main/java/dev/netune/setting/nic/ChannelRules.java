package dev.netune.setting.nic;

import dev.netune.fact.nic.ChannelInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.SortedMap;

/**
 * The rules the kernel and known drivers apply to a whole {@code ethtool -L} request, beyond each
 * count's own maximum (which {@link NicChecks} checks key by key).
 *
 * <p>The kernel merges the request with the current counts, so keys the profile leaves out keep
 * their current value. Then, in order:
 * <ul>
 * <li>net/ethtool/channels.c ethnl_set_channels() (and ethtool_set_channels() for the ioctl):
 *     {@code combined + rx >= 1} and {@code combined + tx >= 1} ("requested channel counts would
 *     result in no RX or TX channel being configured"). The RSS indirection table, ntuple
 *     filters, memory providers and zero-copy AF_XDP sockets also set a floor on
 *     {@code combined + rx}; netune does not read them, so those refusals show at apply.</li>
 * <li>the driver's set_channels, as {@link #DRIVERS} lists them.</li>
 * </ul>
 */
final class ChannelRules {

    /** What a driver's set_channels refuses, beyond the kernel's checks. */
    enum Rule {
        /** combined only: rx/tx must be 0, combined at least 1 (ixgbe, i40e, virtio_net, ...) */
        COMBINED_ONLY,
        /** the "other" (misc vector) count must stay what it is (ixgbe NON_Q_VECTORS, i40e FD vector) */
        OTHER_FIXED,
        /** rx and tx may not both be set; combined + rx and combined + tx within the rx / tx maximum (ice, idpf) */
        DEDICATED_SUM
    }

    /** Read in each driver's set_channels; sources in the report of issue #15. */
    static final Map<String, List<Rule>> DRIVERS = Map.of(
            // ixgbe_set_channels(): "if (!count || ch->rx_count || ch->tx_count) return -EINVAL;
            // if (ch->other_count != NON_Q_VECTORS) return -EINVAL;"
            "ixgbe", List.of(Rule.COMBINED_ONLY, Rule.OTHER_FIXED),
            // i40e_set_channels(): the same two, other must be 1 with sideband flow director else 0
            "i40e", List.of(Rule.COMBINED_ONLY, Rule.OTHER_FIXED),
            // virtnet_set_channels(): rx/tx/other counts -> -EINVAL, queue_pairs 0 -> -EINVAL
            "virtio_net", List.of(Rule.COMBINED_ONLY, Rule.OTHER_FIXED),
            // ice_set_channels(): "Dedicated RX or TX channels cannot be used simultaneously",
            // "Maximum allowed Rx channels is %d" for combined + rx; other must stay (FD vector)
            "ice", List.of(Rule.DEDICATED_SUM, Rule.OTHER_FIXED),
            // idpf_set_channels(): the same rx/tx rule and "Maximum RX queues is %d" for combined + rx
            "idpf", List.of(Rule.DEDICATED_SUM));

    private ChannelRules() {
    }

    /** The refusals the wanted counts (already resolved to numbers) would meet; empty when none. */
    static List<String> check(String who, String driver, ChannelInfo c, SortedMap<String, String> wanted) {
        int combined = value(wanted, "combined", c.combined());
        int rx = value(wanted, "rx", c.rx());
        int tx = value(wanted, "tx", c.tx());
        List<String> out = new ArrayList<>();
        String asked = "combined " + combined + ", rx " + rx + ", tx " + tx;
        if (combined + rx < 1 || combined + tx < 1) {
            out.add("channels of " + who + " (" + asked + ") would leave no " + (combined + rx < 1 ? "RX" : "TX")
                    + " channel; the kernel refuses that");
        }
        for (Rule r : DRIVERS.getOrDefault(driver, List.of())) {
            switch (r) {
                case COMBINED_ONLY -> {
                    if (rx != 0 || tx != 0 || combined < 1) {
                        out.add(driver + " takes combined channels only (at least 1, rx and tx 0); asked: " + asked);
                    }
                }
                case OTHER_FIXED -> {
                    String o = wanted.get("other");
                    if (o != null && c.other().isPresent() && Integer.parseInt(o) != c.other().getAsInt()) {
                        out.add(driver + " keeps other channels at " + c.other().getAsInt() + " (its misc vector); asked: " + o);
                    }
                }
                case DEDICATED_SUM -> {
                    if (rx != 0 && tx != 0) {
                        out.add(driver + ": dedicated RX and TX channels cannot be used together; asked: " + asked);
                    }
                    sum(out, driver, "RX", combined, rx, c.rxMax());
                    sum(out, driver, "TX", combined, tx, c.txMax());
                }
            }
        }
        return out;
    }

    private static void sum(List<String> out, String driver, String dir, int combined, int extra, OptionalInt max) {
        if (max.isPresent() && max.getAsInt() > 0 && combined + extra > max.getAsInt()) {
            out.add(driver + ": combined + " + dir.toLowerCase(java.util.Locale.ROOT) + " = " + (combined + extra)
                    + " is above the " + dir + " maximum " + max.getAsInt());
        }
    }

    /** The wanted count, or the current one the kernel keeps for a key the profile leaves out (n/a = 0). */
    private static int value(SortedMap<String, String> wanted, String key, OptionalInt current) {
        String w = wanted.get(key);
        return w != null ? Integer.parseInt(w) : current.orElse(0);
    }
}
