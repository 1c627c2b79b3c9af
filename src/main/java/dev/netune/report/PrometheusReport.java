package dev.netune.report;

import dev.netune.engine.HostOutcome;
import dev.netune.engine.HostStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Drift as Prometheus metrics in the text exposition format, for node_exporter's textfile
 * collector: per host and kind the settings checked, drifted and in error; per host whether it was
 * checked at all; when the run ended, how long it took and which netune ran it.
 */
public final class PrometheusReport {
    private PrometheusReport() {
    }

    /** Counts of one host's settings of one kind. */
    private record Counts(int checked, int drifted, int errors) {
        Counts plus(Counts o) {
            return new Counts(checked + o.checked, drifted + o.drifted, errors + o.errors);
        }
    }

    public static String drift(List<HostOutcome> outcomes, Instant finished, Duration took, BuildInfo build) {
        StringBuilder sb = new StringBuilder();
        Map<String, Map<String, Counts>> byHost = new TreeMap<>();
        for (PlanView.HostView h : PlanView.of(outcomes).hosts()) {
            Map<String, Counts> kinds = byHost.computeIfAbsent(h.name(), k -> new TreeMap<>());
            h.plan().ifPresent(p -> {
                p.changes().forEach(c -> kinds.merge(c.kind(), new Counts(1, 1, 0), Counts::plus));
                p.unchanged().forEach(n -> kinds.merge(n.kind(), new Counts(1, 0, 0), Counts::plus));
                p.errors().forEach(e -> kinds.merge(e.kind(), new Counts(1, 0, 1), Counts::plus));
            });
        }
        family(sb, "netune_drift_settings_checked", "Settings of the host's profiles that netune compared, by kind.");
        byHost.forEach((host, kinds) -> kinds.forEach((kind, c) -> sample(sb, "netune_drift_settings_checked",
                host, kind, c.checked())));
        family(sb, "netune_drift_settings_drifted", "Settings that differ from the profile (what apply would change).");
        byHost.forEach((host, kinds) -> kinds.forEach((kind, c) -> sample(sb, "netune_drift_settings_drifted",
                host, kind, c.drifted())));
        family(sb, "netune_drift_setting_errors", "Settings that could not be checked or planned (plan errors).");
        byHost.forEach((host, kinds) -> kinds.forEach((kind, c) -> sample(sb, "netune_drift_setting_errors",
                host, kind, c.errors())));

        family(sb, "netune_drift_host_checked",
                "1 when the host was reached and planned, 0 when it was unreachable or failed.");
        for (HostOutcome o : outcomes) {
            boolean checked = o.plan() != null && o.status() != HostStatus.UNREACHABLE;
            sb.append("netune_drift_host_checked{host=\"").append(label(o.target().name())).append("\"} ")
                    .append(checked ? 1 : 0).append('\n');
        }
        family(sb, "netune_drift_host_status", "The host's status in the last run (ok, changes, failed, unreachable).");
        for (HostOutcome o : outcomes) {
            sb.append("netune_drift_host_status{host=\"").append(label(o.target().name())).append("\",status=\"")
                    .append(o.status().name().toLowerCase(Locale.ROOT)).append("\"} 1\n");
        }
        family(sb, "netune_drift_last_run_timestamp_seconds", "When the last drift run ended (Unix time).");
        sb.append("netune_drift_last_run_timestamp_seconds ").append(seconds(finished.toEpochMilli())).append('\n');
        family(sb, "netune_drift_last_run_duration_seconds", "How long the last drift run took.");
        sb.append("netune_drift_last_run_duration_seconds ").append(seconds(took.toMillis())).append('\n');
        family(sb, "netune_build_info", "The netune that wrote these metrics.");
        sb.append("netune_build_info{version=\"").append(label(build.version())).append("\",commit=\"")
                .append(label(build.commit())).append("\"} 1\n");
        return sb.toString();
    }

    private static void family(StringBuilder sb, String name, String help) {
        sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
        sb.append("# TYPE ").append(name).append(" gauge\n");
    }

    private static void sample(StringBuilder sb, String name, String host, String kind, int value) {
        sb.append(name).append("{host=\"").append(label(host)).append("\",kind=\"").append(label(kind)).append("\"} ")
                .append(value).append('\n');
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%d.%03d", millis / 1000, millis % 1000);
    }

    /** A label value as the exposition format escapes it: backslash, double quote and newline. */
    static String label(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
