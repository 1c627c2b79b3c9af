package dev.netune.setting.nic;

import dev.netune.fact.nic.FeatureInfo;
import dev.netune.fact.nic.NicFacts;
import dev.netune.text.Glob;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Warns, per NIC and key, which other program will overwrite a value netune plans (or already
 * holds) and when: the {@code .link} file udev applies, NetworkManager connections, the active
 * tuned profile. A value the other owner sets the same is no conflict and not warned about.
 */
final class OwnerWarnings {
    private OwnerWarnings() {
    }

    static List<String> warnings(List<NicPlanner.Resolved> resolved, NicInventory inventory, NicOwners owners) {
        List<String> out = new ArrayList<>();
        for (NicPlanner.Resolved r : resolved) {
            NicFacts nic = inventory.nics().get(r.nic());
            if (nic == null) {
                continue;
            }
            List<OwnedValue> owned = new ArrayList<>(LinkFileOwner.values(nic, owners.linkFiles()));
            owned.addAll(NmOwner.values(nic, owners.networkManager()));
            owned.addAll(TunedOwner.values(nic, owners));
            for (OwnedValue o : owned) {
                conflict(r, o).ifPresent(ours -> out.add(r.nic() + " " + o.attribute().yamlKey + " " + o.key() + ": "
                        + o.owner() + " (netune: " + ours + "); it will overwrite netune's value " + o.when()));
            }
            if (!owners.unreadable().isEmpty() && !r.values().isEmpty()) {
                out.add(r.nic() + ": NetworkManager connection files netune cannot read (" + String.join(", ", owners.unreadable())
                        + ") may set ethtool values for it too; gather as root to check");
            }
        }
        return out;
    }

    /** netune's value when the other owner sets the key differently; empty when it agrees or netune does not set it. */
    private static java.util.Optional<String> conflict(NicPlanner.Resolved r, OwnedValue o) {
        if (o.attribute().isQueueSteering()) {
            for (Map.Entry<String, String> s : r.steering().entrySet()) {
                if (Glob.matches(o.key(), s.getKey())) {
                    return java.util.Optional.of(s.getKey() + " " + s.getValue());
                }
            }
            return java.util.Optional.empty();
        }
        SortedMap<String, String> ours = r.values().get(o.attribute());
        if (ours == null) {
            return java.util.Optional.empty();
        }
        for (Map.Entry<String, String> e : ours.entrySet()) {
            boolean same = o.attribute() == Attribute.OFFLOAD
                    ? FeatureInfo.longName(e.getKey()).equals(FeatureInfo.longName(o.key()))
                    : e.getKey().equals(o.key());
            if (same) {
                return e.getValue().equals(o.value()) ? java.util.Optional.empty() : java.util.Optional.of(e.getValue());
            }
        }
        return java.util.Optional.empty();
    }
}
