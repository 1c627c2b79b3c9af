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
 * @param chart    a text bar chart (per CPU) where the distribution is the finding; empty otherwise
 */
public record Finding(Severity severity, String code, String title, List<Evidence> evidence, String knob,
                      String reason, List<Suggestion> suggestions, List<String> chart) {
    public Finding {
        evidence = List.copyOf(evidence);
        suggestions = List.copyOf(suggestions);
        chart = List.copyOf(chart);
    }

    /** A finding without a chart (the distribution is not what it is about). */
    public Finding(Severity severity, String code, String title, List<Evidence> evidence, String knob, String reason,
                   List<Suggestion> suggestions) {
        this(severity, code, title, evidence, knob, reason, suggestions, List.of());
    }

    /** The same finding with a chart. */
    Finding withChart(List<String> lines) {
        return new Finding(severity, code, title, evidence, knob, reason, suggestions, lines);
    }

    /** The largest growth rate among the evidence (0 for levels only), to rank equal severities. */
    public double rate() {
        return evidence.stream().mapToDouble(Evidence::rate).filter(r -> !Double.isNaN(r)).max().orElse(0);
    }
}
