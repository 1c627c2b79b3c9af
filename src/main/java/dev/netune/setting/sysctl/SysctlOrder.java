package dev.netune.setting.sysctl;

import java.util.List;
import java.util.Optional;

/**
 * The orders every kernel requires inside a tuple sysctl: a port range low end first, and TCP's
 * min/default/max (or low/pressure/high) triplets not decreasing. Checked on a plain value when
 * the profile is loaded, and at plan on the value a bounded tuple resolves to on the host.
 */
final class SysctlOrder {
    private SysctlOrder() {
    }

    /** Why {@code numbers} cannot be {@code key}'s value, or empty. */
    static Optional<String> check(String key, List<Long> numbers) {
        if (key.equals("net.ipv4.ip_local_port_range") && numbers.size() == 2 && numbers.get(0) > numbers.get(1)) {
            return Optional.of("port range low end " + numbers.get(0) + " is above high end " + numbers.get(1));
        }
        if (numbers.size() == 3 && key.startsWith("net.ipv4.tcp_")
                && !(numbers.get(0) <= numbers.get(1) && numbers.get(1) <= numbers.get(2))) {
            return Optional.of("values must not decrease (min <= default <= max), found '"
                    + numbers.get(0) + " " + numbers.get(1) + " " + numbers.get(2) + "'");
        }
        return Optional.empty();
    }
}
