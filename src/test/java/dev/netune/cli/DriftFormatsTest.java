package dev.netune.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** drift's Markdown and Prometheus outputs through the command line, on this machine (read-only). */
@EnabledOnOs(OS.LINUX)
class DriftFormatsTest {
    @TempDir
    Path dir;

    /** A profile that wants somaxconn one above what this machine has: drift, exit 2. */
    private Path drifting() throws Exception {
        long now = Long.parseLong(Files.readString(Path.of("/proc/sys/net/core/somaxconn")).strip());
        return Files.writeString(dir.resolve("p.yaml"), "name: p\nsysctl:\n  net.core.somaxconn: " + (now + 1) + "\n");
    }

    @Test
    void prometheusGoesToTheOutFileAtomically() throws Exception {
        Path prom = dir.resolve("netune.prom");
        Files.writeString(prom, "# the previous run\n");
        CliRun r = CliRun.run("drift", "-p", drifting().toString(), "--format", "prometheus", "--out", prom.toString());
        assertEquals(2, r.exit(), r.toString());
        assertEquals("", r.out());
        String text = Files.readString(prom);
        assertTrue(text.contains("\nnetune_drift_settings_drifted{host=\"localhost\",kind=\"sysctl\"} 1\n"), text);
        assertTrue(text.contains("\nnetune_drift_host_status{host=\"localhost\",status=\"changes\"} 1\n"), text);
        assertTrue(text.contains("\nnetune_build_info{version=\""), text);
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count(), "the profile and netune.prom, no temporary file");
        }
    }

    @Test
    void markdownOfTheDrift() throws Exception {
        CliRun r = CliRun.run("drift", "-p", drifting().toString(), "--format", "markdown");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.out().startsWith("### netune drift: drift found\n\n**"), r.out());
        assertTrue(r.out().contains("| changes | 1 | `localhost` |"), r.out());
    }
}
