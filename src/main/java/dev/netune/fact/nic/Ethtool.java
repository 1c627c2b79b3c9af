package dev.netune.fact.nic;

import java.util.Optional;

/**
 * Whether a host lacks ethtool, as the NIC gather reports it: every ethtool fact of every NIC
 * then fails with {@link #MISSING}. Such a fact is unknown, not unsupported by the driver.
 */
public final class Ethtool {
    /** The reason the NIC gather gives each ethtool fact when the command is not installed. */
    public static final String MISSING = "ethtool is not installed";
    /** What to install: the package has the command's name on Debian, Ubuntu, RHEL, SUSE and Alpine. */
    public static final String PACKAGE = "ethtool";

    private Ethtool() {
    }

    public static boolean missing(Outcome<?> fact) {
        return fact.error().equals(Optional.of(MISSING));
    }

    /** The host had no ethtool when this NIC was read (its driver query, the first one, says so). */
    public static boolean missing(NicFacts nic) {
        return missing(nic.driver());
    }
}
