package dev.netune.diagnose;

import static dev.netune.diagnose.Diagnoser.delta;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Diagnosis rules for connection tracking: a table close to full, and packets it dropped or failed to insert. */
final class ConntrackRules {
    /** Fill from which the table is a warning: new flows are dropped when it is full. */
    static final double FULL_SHARE = 0.8;

    private ConntrackRules() {
    }

    static void conntrack(CounterFacts f, double s, List<Finding> out) {
        Optional<Long> count = f.knob("net.netfilter.nf_conntrack_count");
        Optional<Long> max = f.knob("net.netfilter.nf_conntrack_max");
        List<Evidence> ev = new ArrayList<>();
        for (String col : List.of("drop", "early_drop", "insert_failed")) {
            long d = delta(f.first().conntrack().get(col), f.second().conntrack().get(col));
            if (d > 0) {
                ev.add(Evidence.growth("/proc/net/stat/nf_conntrack " + col, d, s));
            }
        }
        boolean nearlyFull = count.isPresent() && max.isPresent() && max.get() > 0
                && count.get() >= max.get() * FULL_SHARE;
        if (nearlyFull) {
            ev.add(0, Evidence.level("net.netfilter.nf_conntrack_count", count.get(), count.get() + " of "
                    + max.get() + " entries (" + String.format(Locale.ROOT, "%.0f", 100.0 * count.get() / max.get()) + "%)"));
        }
        if (ev.isEmpty()) {
            return;
        }
        boolean dropping = ev.stream().anyMatch(e -> e.counter().endsWith(" drop") || e.counter().endsWith("early_drop"));
        Severity sev = dropping ? Severity.CRITICAL : Severity.WARNING;
        if (nearlyFull || dropping) {
            long to = Math.max(max.orElse(65536L) * 2, 262144);
            String from = max.map(String::valueOf).orElse("");
            out.add(new Finding(sev, "conntrack-full", "the connection tracking table is "
                    + (dropping ? "full: new flows are dropped" : "nearly full"), ev,
                    "net.netfilter.nf_conntrack_max " + max.map(String::valueOf).orElse("?") + " -> " + to,
                    "every tracked flow needs an entry; when the table is full the kernel drops the packets of new"
                            + " flows (drop, early_drop; dmesg says \"nf_conntrack: table full, dropping packet\")."
                            + " Raise nf_conntrack_max (about 300 bytes per entry), or exempt high-rate traffic from"
                            + " tracking (NOTRACK in the raw table)",
                    List.of(new Suggestion.Sysctl("net.netfilter.nf_conntrack_max", from, Long.toString(to)))));
        } else {
            out.add(new Finding(Severity.INFO, "conntrack-insert-failed", "conntrack entries fail to insert", ev, "",
                    "insert_failed grows when two packets of one new flow race to create its entry (common with UDP"
                            + " DNS through NAT, parallel A/AAAA queries); no table size fixes it", List.of()));
        }
    }
}
