package dev.netune.setting.nic;

import java.util.List;

/** The {@code nics:} rules of a profile, or of several merged (in order; later wins per key). */
public record NicDesired(List<NicRule> rules) {
    public NicDesired {
        rules = List.copyOf(rules);
    }
}
