package dev.netune.report;

import static dev.netune.report.Fixtures.BACKLOG;
import static dev.netune.report.Fixtures.CREATE_FILE;
import static dev.netune.report.Fixtures.RANGE_OK;
import static dev.netune.report.Fixtures.RECYCLE;
import static dev.netune.report.Fixtures.SOMAXCONN;
import static dev.netune.report.Fixtures.outcome;
import static dev.netune.report.Fixtures.plan;
import static dev.netune.report.Fixtures.target;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netune.engine.HostOutcome;
import dev.netune.engine.HostStatus;
import dev.netune.testhost.Require;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Prometheus output read back by the Prometheus project's own Python client parser
 * (Debian's python3-prometheus-client, which scripts/test.sh installs).
 */
class PrometheusReportTest {
    private static final String PARSE = """
            import json, sys
            from prometheus_client.parser import text_string_to_metric_families
            out = []
            for f in text_string_to_metric_families(sys.stdin.read()):
                for s in f.samples:
                    out.append({"family": f.name, "type": f.type, "help": f.documentation,
                                "name": s.name, "labels": s.labels, "value": s.value})
            print(json.dumps(out))
            """;

    @TempDir
    Path dir;

    /** Every sample as "name{label=value,...}" -> value, after the real parser read the text. */
    static Map<String, Double> parse(String text) throws Exception {
        Require.that(Files.isExecutable(Path.of("/usr/bin/python3")) && new ProcessBuilder("/usr/bin/python3", "-c",
                "import prometheus_client").start().waitFor() == 0, "Debian's python3-prometheus-client is installed");
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", PARSE).redirectErrorStream(false).start();
        p.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readNBytes(1 << 20);
        String err = new String(p.getErrorStream().readNBytes(1 << 16), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("parser did not finish");
        }
        assertEquals(0, p.exitValue(), "the parser refused the text: " + err + "\n" + text);
        Map<String, Double> samples = new TreeMap<>();
        for (JsonNode s : Json.MAPPER.readTree(out)) {
            assertEquals("gauge", s.get("type").asText(), s.toString());
            StringBuilder key = new StringBuilder(s.get("name").asText());
            if (!s.get("labels").isEmpty()) {
                key.append('{');
                new TreeMap<>(Json.MAPPER.convertValue(s.get("labels"), Map.class)).forEach((k, v) ->
                        key.append(k).append('=').append(v).append(','));
                key.setLength(key.length() - 1);
                key.append('}');
            }
            samples.put(key.toString(), s.get("value").asDouble());
        }
        return samples;
    }

    static List<HostOutcome> fleet() {
        return List.of(
                outcome(target("web-1", "10.0.1.1"), HostStatus.CHANGES,
                        plan(List.of(SOMAXCONN, BACKLOG, CREATE_FILE), List.of(RANGE_OK), List.of(), List.of()), ""),
                outcome(target("db-1", "10.0.2.1"), HostStatus.FAILED,
                        plan(List.of(), List.of(RANGE_OK), List.of(RECYCLE), List.of()), "1 plan error(s)"),
                new HostOutcome(target("lb-\"1\"\\x\ny", "10.0.3.1"), HostStatus.UNREACHABLE, null, null, List.of(),
                        "connect timed out"));
    }

    @Test
    void driftMetricsAsAPrometheusParserReadsThem() throws Exception {
        String text = PrometheusReport.drift(fleet(), Instant.ofEpochMilli(1_764_480_000_250L), Duration.ofMillis(12_345),
                new BuildInfo("1.2.3", "abcdef0123"));
        Map<String, Double> expected = new TreeMap<>();
        expected.put("netune_drift_settings_checked{host=web-1,kind=sysctl}", 3.0);
        expected.put("netune_drift_settings_checked{host=web-1,kind=sysctl-file}", 1.0);
        expected.put("netune_drift_settings_drifted{host=web-1,kind=sysctl}", 2.0);
        expected.put("netune_drift_settings_drifted{host=web-1,kind=sysctl-file}", 1.0);
        expected.put("netune_drift_setting_errors{host=web-1,kind=sysctl}", 0.0);
        expected.put("netune_drift_setting_errors{host=web-1,kind=sysctl-file}", 0.0);
        expected.put("netune_drift_settings_checked{host=db-1,kind=sysctl}", 2.0);
        expected.put("netune_drift_settings_drifted{host=db-1,kind=sysctl}", 0.0);
        expected.put("netune_drift_setting_errors{host=db-1,kind=sysctl}", 1.0);
        expected.put("netune_drift_host_checked{host=web-1}", 1.0);
        expected.put("netune_drift_host_checked{host=db-1}", 1.0);
        expected.put("netune_drift_host_checked{host=lb-\"1\"\\x\ny}", 0.0); // the label survives escaping
        expected.put("netune_drift_host_status{host=web-1,status=changes}", 1.0);
        expected.put("netune_drift_host_status{host=db-1,status=failed}", 1.0);
        expected.put("netune_drift_host_status{host=lb-\"1\"\\x\ny,status=unreachable}", 1.0);
        expected.put("netune_drift_last_run_timestamp_seconds", 1_764_480_000.25);
        expected.put("netune_drift_last_run_duration_seconds", 12.345);
        expected.put("netune_build_info{commit=abcdef0123,version=1.2.3}", 1.0);
        assertEquals(expected, parse(text), text);
    }

    @Test
    void outFileIsReplacedWhole() throws Exception {
        Path prom = dir.resolve("netune.prom");
        Files.writeString(prom, "old\n");
        AtomicFile.write(prom, "new\n");
        assertEquals("new\n", Files.readString(prom));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(prom), files.toList(), "no temporary file is left");
        }
    }
}
