package dev.netune.diagnose;

import static dev.netune.diagnose.Diagnoser.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
/** Diagnosis advice on connection churn and loss: handshake rates and retransmits. */
final class ChurnRules {
    private ChurnRules() {
    }

    // ---- connection churn and loss (advice) ----

    static void handshakes(CounterFacts f, double s, List<Finding> out) {
        long active = delta(f.first().snmp().get("Tcp.ActiveOpens"), f.second().snmp().get("Tcp.ActiveOpens"));
        long passive = delta(f.first().snmp().get("Tcp.PassiveOpens"), f.second().snmp().get("Tcp.PassiveOpens"));
        double rate = (active + passive) / s;
        if (rate < HANDSHAKES_PER_SECOND) {
            return;
        }
        List<Suggestion> sug = new ArrayList<>();
        Optional<Long> tfo = f.knob("net.ipv4.tcp_fastopen");
        String knob = "";
        if (tfo.isEmpty() || tfo.get() != 3) {
            sug.add(new Suggestion.Sysctl("net.ipv4.tcp_fastopen", tfo.map(String::valueOf).orElse(""), "3"));
            knob = "net.ipv4.tcp_fastopen " + tfo.map(String::valueOf).orElse("?") + " -> 3";
        }
        out.add(new Finding(Severity.INFO, "short-connections", "many short connections",
                List.of(Evidence.growth("/proc/net/snmp Tcp.ActiveOpens", active, s),
                        Evidence.growth("/proc/net/snmp Tcp.PassiveOpens", passive, s)),
                knob,
                Evidence.rate(rate) + " handshakes/s: use long connections (keep-alive, connection pools) to save"
                        + " the handshakes, queue overflows and local ports; TCP Fast Open (3 = client and server)"
                        + " saves one RTT for repeat clients that opt in",
                sug));
    }

    static void retransmits(CounterFacts f, double s, List<Finding> out) {
        long retrans = delta(f.first().snmp().get("Tcp.RetransSegs"), f.second().snmp().get("Tcp.RetransSegs"));
        long sent = delta(f.first().snmp().get("Tcp.OutSegs"), f.second().snmp().get("Tcp.OutSegs"));
        if (sent / s < 100 || retrans * 100 < sent * 2) {
            return;
        }
        out.add(new Finding(Severity.INFO, "retransmits", "TCP retransmits "
                + String.format(Locale.ROOT, "%.1f", 100.0 * retrans / sent) + "% of its segments",
                List.of(Evidence.growth("/proc/net/snmp Tcp.RetransSegs", retrans, s),
                        Evidence.growth("/proc/net/snmp Tcp.OutSegs", sent, s)), "",
                "loss on the path or at the receivers (their rings, backlogs and accept queues); no knob of this host"
                        + " removes it, check the peers with netune diagnose too", List.of()));
    }
}
