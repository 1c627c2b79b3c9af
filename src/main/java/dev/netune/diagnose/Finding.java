package dev.netune.diagnose;

import java.util.List;

/**
 * One thing a host's counters say it needs: how urgent, the evidence, the knob and what it
 * should become, why, and the profile change ({@code suggestions}, empty for advice only).
 *
 * @param code     a stable identifier, e.g. {@code accept-queue-overflow}
 * @param title    one line, e.g. "accept queue overflows"
 * @param knob     the knob and its change, e.g. "net.core.somaxconn 4 -> 4096"; "" for advice
 * @param reason   why this knob, and what to watch for
 */
public record Finding(Severity severity, String code, String title, List<Evidence> evidence, String knob,
                      String reason, List<Suggestion> suggestions) {
    public Finding {
        evidence = List.copyOf(evidence);
        suggestions = List.copyOf(suggestions);
    }

    /** The largest growth rate among the evidence (0 for levels only), to rank equal severities. */
    public double rate() {
        return evidence.stream().mapToDouble(Evidence::rate).filter(r -> !Double.isNaN(r)).max().orElse(0);
    }
}
