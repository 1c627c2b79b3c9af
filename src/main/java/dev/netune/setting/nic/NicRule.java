package dev.netune.setting.nic;

import dev.netune.fact.nic.NicFacts;

/** One entry of a profile's {@code nics:} list: which NICs, and what they should have. */
record NicRule(NicMatch match, NicMatch exclude, NicSettings settings) {

    /**
     * Whether this rule is for the NIC. Virtual devices (lo, veth, bridges, bonds) are only
     * selected by their exact name: tuning them by accident through "eth*" or a driver is never
     * what was meant.
     */
    boolean appliesTo(NicFacts nic) {
        boolean virtual = nic.sys().value().map(s -> s.virtual()).orElse(false)
                || nic.name().equals("lo");
        if (virtual && !match.namesExactly(nic.name())) {
            return false;
        }
        if (!match.matches(nic)) {
            return false;
        }
        return exclude.isEmpty() || !exclude.matches(nic);
    }
}
