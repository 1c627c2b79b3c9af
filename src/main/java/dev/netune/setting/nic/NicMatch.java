package dev.netune.setting.nic;

import dev.netune.text.Glob;
import dev.netune.fact.nic.NicFacts;
import java.util.List;

/** Which NICs a rule is for: name globs and/or driver names (all given criteria must hold). */
record NicMatch(List<String> names, List<String> drivers) {
    NicMatch {
        names = List.copyOf(names);
        drivers = List.copyOf(drivers);
    }

    boolean isEmpty() {
        return names.isEmpty() && drivers.isEmpty();
    }

    boolean matches(NicFacts nic) {
        if (!names.isEmpty() && names.stream().noneMatch(g -> Glob.matches(g, nic.name()))) {
            return false;
        }
        if (!drivers.isEmpty()) {
            String driver = driverOf(nic);
            return drivers.contains(driver);
        }
        return true;
    }

    /** Whether a name is given literally (no glob): the only way to select a virtual device. */
    boolean namesExactly(String name) {
        return names.contains(name);
    }

    static String driverOf(NicFacts nic) {
        return nic.sys().value().flatMap(s -> s.driver())
                .or(() -> nic.driver().value().map(d -> d.driver()))
                .orElse("");
    }
}
