package dev.netune.diagnose;

import dev.netune.fact.nic.NicFacts;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What diagnose read from one host: two samples of the counters, the current values of the
 * knobs it may propose changing, the local-port usage and the NICs (rings, channels, queue IRQs).
 *
 * @param intervalSeconds the requested interval, used when uptime is unreadable
 * @param knobs           sysctl name to current value ("" when missing), plus fs.file-nr
 */
public record CounterFacts(double intervalSeconds, Sample first, Sample second, Map<String, String> knobs,
                           Optional<PortUsage> ports, SortedMap<String, NicFacts> nics) {
    public CounterFacts {
        knobs = Collections.unmodifiableMap(new TreeMap<>(knobs));
        nics = Collections.unmodifiableSortedMap(new TreeMap<>(nics));
    }

    /** Seconds between the samples as the host measured them. */
    public double seconds() {
        double d = second.uptime() - first.uptime();
        return Double.isNaN(d) || d <= 0 ? intervalSeconds : d;
    }

    public Optional<Long> knob(String name) {
        try {
            return Optional.of(Long.parseLong(knobs.getOrDefault(name, "").trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
