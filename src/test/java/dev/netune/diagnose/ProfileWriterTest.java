package dev.netune.diagnose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netune.engine.HostStatus;
import dev.netune.profile.Profile;
import dev.netune.profile.ProfileLoader;
import dev.netune.kinds.Kinds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --write-profile output (merged over hosts, valid for netune validate) and the JSON rendering. */
class ProfileWriterTest {
    @TempDir
    Path dir;

    static Finding finding(String code, Suggestion... s) {
        return new Finding(Severity.WARNING, code, code, List.of(Evidence.growth("c " + code, 100, 10)), "k", "r",
                List.of(s));
    }

    /**
     * {@code withIrq}: irqAffinity is validated by the NIC steering work (QueuePlanner), which
     * another change lands; the validated profile leaves it out until then.
     */
    static DiagnoseResult twoHosts(boolean withIrq) {
        List<Finding> irq = withIrq ? List.of(finding("irq-one-cpu", new Suggestion.Nic("eth0", "irqAffinity",
                Map.of("policy", "spread")), new Suggestion.Irqbalance(false))) : List.of();
        HostDiagnosis a = new HostDiagnosis("web-1", "10.0.0.1:22", HostStatus.OK, "", 10, concat(List.of(
                finding("nic-ring-full", new Suggestion.Nic("eth0", "ring", Map.of("rx", "4096"))),
                finding("softirq-squeeze", new Suggestion.Sysctl("net.core.netdev_budget", "300", "600")),
                finding("accept-queue-overflow", new Suggestion.Sysctl("net.core.somaxconn", "4", "4096")),
                finding("local-ports-exhausted", new Suggestion.Sysctl("net.ipv4.ip_local_port_range", "40000 40100",
                        "10000 65000"), new Suggestion.Sysctl("net.ipv4.tcp_tw_reuse", "0", "1")),
                finding("file-max-near", new Suggestion.FileMax(100000, 2097152))), irq));
        HostDiagnosis b = new HostDiagnosis("web-2", "10.0.0.2:22", HostStatus.OK, "", 10, List.of(
                finding("nic-ring-full", new Suggestion.Nic("eth0", "ring", Map.of("rx", "8192"))),
                finding("accept-queue-overflow", new Suggestion.Sysctl("net.core.somaxconn", "4096", "16384"))));
        HostDiagnosis down = new HostDiagnosis("web-3", "10.0.0.3:22", HostStatus.UNREACHABLE, "connection refused", 0, List.of());
        return new DiagnoseResult(10, List.of(a, b, down));
    }

    static List<Finding> concat(List<Finding> a, List<Finding> b) {
        List<Finding> out = new java.util.ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    @Test
    void mergedProfileIsExactAndValid() throws Exception {
        String yaml = ProfileWriter.profile(twoHosts(false));
        assertEquals("""
                # Suggested by `netune diagnose` from counters sampled 10.0 s apart on: web-1, web-2.
                # Each value is commented with the counter that asked for it. Review, then `netune plan -p` this file.
                name: diagnose-suggestions
                description: Changes proposed by netune diagnose from measured counters
                sysctl:
                  # web-1: c accept-queue-overflow grows 10.0/s (+100 in 10.0 s) => k
                  # web-2: c accept-queue-overflow grows 10.0/s (+100 in 10.0 s) => k
                  net.core.somaxconn: 16384
                  # web-1: c local-ports-exhausted grows 10.0/s (+100 in 10.0 s) => k
                  net.ipv4.ip_local_port_range: "10000 65000"
                  # web-1: c local-ports-exhausted grows 10.0/s (+100 in 10.0 s) => k
                  net.ipv4.tcp_tw_reuse: 1
                softirq:
                  # web-1: c softirq-squeeze grows 10.0/s (+100 in 10.0 s) => k
                  budget: 600
                nics:
                  # web-1: c nic-ring-full grows 10.0/s (+100 in 10.0 s) => k
                  # web-2: c nic-ring-full grows 10.0/s (+100 in 10.0 s) => k
                  - match: {name: eth0}
                    ring: {rx: max}
                limits:
                  # web-1: c file-max-near grows 10.0/s (+100 in 10.0 s) => k
                  fileMax: 2097152
                """, yaml);
        Path file = dir.resolve("suggested.yaml");
        Files.writeString(file, yaml);
        List<Profile> loaded = new ProfileLoader(Kinds.all()).loadAll(List.of(file));
        assertEquals("diagnose-suggestions", loaded.get(0).name());
    }

    @Test
    void noFindingsStillWritesAValidProfile() throws Exception {
        DiagnoseResult r = new DiagnoseResult(2, List.of(new HostDiagnosis("h", "local", HostStatus.OK, "", 2, List.of())));
        Path file = dir.resolve("empty.yaml");
        Files.writeString(file, ProfileWriter.profile(r));
        assertTrue(Files.readString(file).contains("# no findings: nothing to change"));
        new ProfileLoader(Kinds.all()).loadAll(List.of(file));
    }

    @Test
    void textAndJsonRenderTheSameResult() throws Exception {
        DiagnoseResult r = twoHosts(true);
        String text = DiagnoseReport.text(r);
        assertTrue(text.contains("web-1 (10.0.0.1:22): 6 finding(s) (counters sampled 10.0 s apart)"), text);
        assertTrue(text.contains("     profile: nics: [{match: {name: eth0}, irqAffinity: {policy: spread}}]\n"
                + "     profile: irqbalance: {enabled: false}\n"), text);
        assertTrue(text.contains("web-3 (10.0.0.3:22): UNREACHABLE: connection refused"), text);
        assertTrue(text.endsWith("Diagnose: 3 host(s), 2 with findings, 1 failed\n"), text);
        JsonNode json = new ObjectMapper().readTree(DiagnoseReport.json(r));
        assertEquals("diagnose", json.get("command").asText());
        JsonNode f = json.get("hosts").get(0).get("findings").get(3);
        assertEquals("local-ports-exhausted", f.get("code").asText());
        assertEquals(10.0, f.get("evidence").get(0).get("perSecond").asDouble());
        assertEquals("10000 65000", f.get("changes").get(0).get("to").asText());
        assertEquals("sysctl: {net.ipv4.ip_local_port_range: \"10000 65000\", net.ipv4.tcp_tw_reuse: 1}",
                f.get("profile").get(0).asText());
        assertEquals("UNREACHABLE", json.get("hosts").get(2).get("status").asText());
    }

    @Test
    void nicNamesWithGlobCharactersGetNoRuleButACommentSaysWhy() throws Exception {
        // issue #19: Linux allows '*' and '?' in interface names; a profile reads them as globs
        HostDiagnosis h = new HostDiagnosis("web-1", "10.0.0.1:22", HostStatus.OK, "", 10, List.of(
                finding("nic-ring-full", new Suggestion.Nic("*", "ring", Map.of("rx", "4096"))),
                finding("nic-ring-full", new Suggestion.Nic("eth?", "ring", Map.of("rx", "4096"))),
                finding("nic-ring-full", new Suggestion.Nic("x\rsysctl: {a}", "ring", Map.of("rx", "4096"))),
                finding("nic-ring-full", new Suggestion.Nic("eth0", "ring", Map.of("rx", "4096")))));
        String yaml = ProfileWriter.profile(new DiagnoseResult(10, List.of(h)));
        assertTrue(yaml.contains("""
                # NIC '*' left out: its name has glob characters (* or ?), which a profile's match reads as a\
                 pattern (there is no escape), so a rule would also match other NICs
                # NIC 'eth?' left out: its name has glob characters""".replace("\\\n", "")), yaml);
        assertTrue(yaml.contains("# NIC 'x\\x0dsysctl: {a}' left out: a profile's match takes names of at most 15"),
                yaml);
        assertFalse(yaml.contains("\r"), "no line break from the host: " + yaml);
        assertTrue(yaml.contains("  - match: {name: eth0}\n"), yaml);
        assertFalse(yaml.contains("name: \"*\"") || yaml.contains("name: \"eth?\""), yaml);
        Path file = dir.resolve("globs.yaml");
        Files.writeString(file, yaml);
        assertEquals("diagnose-suggestions", new ProfileLoader(Kinds.all()).loadAll(List.of(file)).get(0).name());

        assertEquals(List.of("# NIC '*' left out: its name has glob characters (* or ?), which a profile's match reads"
                        + " as a pattern (there is no escape), so a rule would also match other NICs"),
                ProfileWriter.snippet(List.of(new Suggestion.Nic("*", "ring", Map.of("rx", "4096")))));
    }

    @Test
    void commentsAndQuotedValuesCannotStartALineOfTheirOwn() throws Exception {
        HostDiagnosis h = new HostDiagnosis("web-1", "10.0.0.1:22", HostStatus.OK, "", 10, List.of(
                new Finding(Severity.WARNING, "x", "x", List.of(Evidence.growth("c\u2028sysctl: {evil: 1}\u0085y", 100, 10)),
                        "k", "r", List.of(new Suggestion.Sysctl("net.core.somaxconn", "1", "4096\n# z")))));
        String yaml = ProfileWriter.profile(new DiagnoseResult(10, List.of(h)));
        assertFalse(yaml.contains("\u2028") || yaml.contains("\u0085"), yaml);
        assertTrue(yaml.contains("net.core.somaxconn: \"4096\\u000a# z\""), yaml);
    }

    @Test
    void diagnoseTextShowsHostEscapesInsteadOfSendingThem() {
        HostDiagnosis h = new HostDiagnosis("web-1", "10.0.0.1:22", HostStatus.OK, "", 10, List.of(
                finding("nic-ring-full", new Suggestion.Nic("e\u001b[2Jth0", "ring", Map.of("rx", "4096")))));
        HostDiagnosis down = new HostDiagnosis("web-2", "10.0.0.2:22", HostStatus.FAILED, "sudo: \u001b]0;x\u0007", 0,
                List.of());
        String text = DiagnoseReport.text(new DiagnoseResult(10, List.of(h, down)));
        assertFalse(text.contains("\u001b") || text.contains("\u0007"), text);
        assertTrue(text.contains("FAILED: sudo: ^[]0;x^G"), text);
    }
}
