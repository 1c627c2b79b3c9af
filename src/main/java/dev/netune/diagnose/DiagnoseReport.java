package dev.netune.diagnose;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netune.report.BuildInfo;
import dev.netune.report.SafeText;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/** Text for people and JSON for machines, both rendered from the same {@link DiagnoseResult}. */
public final class DiagnoseReport {
    /** Version of the JSON layout. */
    public static final int SCHEMA_VERSION = 1;
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private DiagnoseReport() {
    }

    public static String text(DiagnoseResult r) {
        StringBuilder sb = new StringBuilder();
        int withFindings = 0;
        int failed = 0;
        for (HostDiagnosis h : r.hosts()) {
            if (h.failed()) {
                failed++;
                sb.append(h.describe()).append(": ").append(h.status()).append(": ").append(h.message()).append('\n');
                continue;
            }
            if (h.findings().isEmpty()) {
                sb.append(h.describe()).append(": no findings in ").append(made(h)).append(" checks (counters sampled ")
                        .append(Evidence.secs(h.seconds())).append(" s apart)\n");
                coverage(h, sb);
                continue;
            }
            withFindings++;
            sb.append(h.describe()).append(": ").append(h.findings().size()).append(" finding(s) (counters sampled ")
                    .append(Evidence.secs(h.seconds())).append(" s apart)\n");
            int i = 1;
            for (Finding f : h.findings()) {
                sb.append("  ").append(i++).append(". ").append(f.severity()).append(' ').append(f.code()).append(": ")
                        .append(f.title()).append('\n');
                for (Evidence e : f.evidence()) {
                    sb.append("     evidence: ").append(e).append('\n');
                }
                if (!f.knob().isEmpty()) {
                    sb.append("     knob: ").append(f.knob()).append('\n');
                }
                sb.append("     why: ").append(f.reason()).append('\n');
                for (String line : ProfileWriter.snippet(f.suggestions())) {
                    sb.append("     profile: ").append(line).append('\n');
                }
                for (String line : f.chart()) {
                    sb.append("       ").append(line).append('\n');
                }
            }
            coverage(h, sb);
        }
        sb.append("\nDiagnose: ").append(r.hosts().size()).append(" host(s), ").append(withFindings)
                .append(" with findings, ").append(failed).append(" failed\n");
        // no colour here: the whole text can be made terminal-safe at once (NIC names, messages come from hosts)
        return SafeText.of(sb.toString());
    }

    private static long made(HostDiagnosis h) {
        return h.checks().stream().filter(Check::made).count();
    }

    /** The checks made, those that could not be made, and each unread source with why. */
    private static void coverage(HostDiagnosis h, StringBuilder sb) {
        if (h.checks().isEmpty() && h.unread().isEmpty()) {
            return;
        }
        sb.append("  checked: ").append(String.join("; ", h.checks().stream().filter(Check::made).map(Check::what).toList()))
                .append('\n');
        List<String> notMade = h.checks().stream().filter(c -> !c.made()).map(Check::what).toList();
        if (!notMade.isEmpty()) {
            sb.append("  not checked: ").append(String.join("; ", notMade)).append('\n');
        }
        h.unread().forEach((source, why) -> sb.append("  could not read ").append(source).append(": ").append(why)
                .append('\n'));
    }

    public static String json(DiagnoseResult r) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("schemaVersion", SCHEMA_VERSION);
        BuildInfo.current().addTo(root);
        root.put("command", "diagnose");
        root.put("intervalSeconds", round(r.intervalSeconds()));
        ArrayNode hosts = root.putArray("hosts");
        for (HostDiagnosis h : r.hosts()) {
            ObjectNode o = hosts.addObject();
            o.put("name", h.name());
            o.put("address", h.address());
            o.put("status", h.status().name());
            o.put("message", h.message());
            o.put("seconds", round(h.seconds()));
            ArrayNode fs = o.putArray("findings");
            for (Finding f : h.findings()) {
                ObjectNode fo = fs.addObject();
                fo.put("severity", f.severity().name());
                fo.put("code", f.code());
                fo.put("title", f.title());
                ArrayNode ev = fo.putArray("evidence");
                for (Evidence e : f.evidence()) {
                    ObjectNode eo = ev.addObject();
                    eo.put("counter", e.counter());
                    eo.put("delta", e.delta());
                    if (Double.isNaN(e.rate())) {
                        eo.putNull("perSecond");
                    } else {
                        eo.put("perSecond", round(e.rate()));
                    }
                    eo.put("detail", e.detail());
                }
                fo.put("knob", f.knob());
                fo.put("reason", f.reason());
                ArrayNode ch = fo.putArray("changes");
                for (Suggestion s : f.suggestions()) {
                    ObjectNode so = ch.addObject();
                    if (s instanceof Suggestion.Sysctl x) {
                        so.put("kind", "sysctl").put("key", x.key()).put("from", x.from()).put("to", x.to());
                    } else if (s instanceof Suggestion.Nic x) {
                        so.put("kind", "nic").put("nic", x.nic()).put("attribute", x.attribute());
                        ObjectNode v = so.putObject("values");
                        x.values().forEach(v::put);
                    } else if (s instanceof Suggestion.Irqbalance x) {
                        so.put("kind", "irqbalance").put("enabled", x.enabled());
                    } else if (s instanceof Suggestion.FileMax x) {
                        so.put("kind", "limits").put("key", "fileMax").put("from", Long.toString(x.from()))
                                .put("to", Long.toString(x.to()));
                    }
                }
                ArrayNode sn = fo.putArray("profile");
                ProfileWriter.snippet(f.suggestions()).forEach(sn::add);
                ArrayNode chart = fo.putArray("chart");
                f.chart().forEach(chart::add);
            }
            ArrayNode checks = o.putArray("checks");
            for (Check c : h.checks()) {
                ObjectNode co = checks.addObject();
                co.put("check", c.what()).put("made", c.made());
                c.sources().forEach(co.putArray("sources")::add);
            }
            ObjectNode unread = o.putObject("unread");
            h.unread().forEach(unread::put);
        }
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static BigDecimal round(double d) {
        return BigDecimal.valueOf(d).setScale(2, RoundingMode.HALF_UP).stripTrailingZeros();
    }
}
