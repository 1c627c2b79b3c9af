package dev.netune.fact.nic;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code ethtool -i} says about a NIC's driver.
 *
 * <p>Empty strings and {@code N/A} (printed by bridge, veth, ena and others for fields they do not
 * fill) become empty optionals so that callers never compare against placeholder text.
 */
public record DriverInfo(
        String driver,
        Optional<String> version,
        Optional<String> firmwareVersion,
        Optional<String> expansionRomVersion,
        Optional<String> busInfo,
        boolean supportsStatistics,
        boolean supportsTest,
        boolean supportsEepromAccess,
        boolean supportsRegisterDump,
        boolean supportsPrivFlags) {

    /** Parses the stdout of {@code ethtool -i IFACE}; throws when there is no {@code driver:} line. */
    public static DriverInfo parse(String text) {
        Map<String, String> kv = new HashMap<>();
        for (String raw : EthtoolText.lines(text)) {
            String line = EthtoolText.stripEnd(raw);
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            // split at the first colon only: bus-info and firmware values contain colons
            kv.putIfAbsent(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
        }
        String driver = kv.get("driver");
        if (driver == null || driver.isEmpty()) {
            throw new IllegalArgumentException("no 'driver:' line in ethtool -i output");
        }
        return new DriverInfo(
                driver,
                present(kv.get("version")),
                present(kv.get("firmware-version")),
                present(kv.get("expansion-rom-version")),
                present(kv.get("bus-info")),
                yes(kv.get("supports-statistics")),
                yes(kv.get("supports-test")),
                yes(kv.get("supports-eeprom-access")),
                yes(kv.get("supports-register-dump")),
                yes(kv.get("supports-priv-flags")));
    }

    private static Optional<String> present(String v) {
        if (v == null || v.isEmpty() || v.equalsIgnoreCase("N/A")) {
            return Optional.empty();
        }
        return Optional.of(v);
    }

    private static boolean yes(String v) {
        return "yes".equals(v);
    }
}
