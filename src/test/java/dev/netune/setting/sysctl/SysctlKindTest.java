package dev.netune.setting.sysctl;

import dev.netune.plan.ChangeKind;
import dev.netune.setting.shared.SysctlFacts;
import dev.netune.setting.shared.SysctlValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netune.fact.FactSource;
import dev.netune.fact.Gather;
import dev.netune.fact.GatherOutput;
import dev.netune.fact.HostFacts;
import dev.netune.plan.Change;
import dev.netune.plan.HostPlan;
import dev.netune.plan.NoOp;
import dev.netune.plan.PlanError;
import dev.netune.setting.ChangeResult;
import dev.netune.kinds.Kinds;
import dev.netune.transport.Shell;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * pyinfra-style tests of the sysctl kind: gather output (text) and desired values in, changes,
 * no-ops and errors out; apply output in, results out. No apply script is ever run here.
 */
class SysctlKindTest {
    private static final SysctlKind KIND = new SysctlKind();
    private static final String FILE = "/etc/sysctl.d/99-zz-netune.conf";
    private static final String HEADER = "# Managed by netune. Do not edit: `netune apply` rewrites this file.\n"
            + "# Change the profile instead; `netune drift` reports edits made here.\n";

    private static final String HOST = """
            @@netune host
            hostname=web-1
            kernel=6.1.0-18-amd64
            uid=0
            """;

    private static SysctlDesired desired(String... kv) {
        Map<String, String> m = new TreeMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return SysctlDesired.of(m);
    }

    private static HostFacts facts(SysctlDesired desired, String sysctlSections) throws Exception {
        Gather g = new Gather();
        for (FactSource<?> s : KIND.facts(desired)) {
            add(g, s);
        }
        return g.parse(HOST + sysctlSections + "@@netune end\n");
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void add(Gather g, FactSource s) {
        g.add(s);
    }

    private static HostPlan plan(SysctlDesired desired, String sysctlSections) throws Exception {
        HostPlan.Builder b = new HostPlan.Builder();
        KIND.plan(desired, facts(desired, sysctlSections), b);
        return b.build();
    }

    @Test
    void whitespaceIsFoldedSoATabSeparatedRangeIsAlreadyAsWanted() throws Exception {
        SysctlDesired want = desired("net.ipv4.ip_local_port_range", "10000 65000");
        HostPlan p = plan(want, """
                @@netune sysctl net.ipv4.ip_local_port_range present
                10000\t65000
                @@netune file /etc/sysctl.d/99-zz-netune.conf present
                # Managed by netune. Do not edit: `netune apply` rewrites this file.
                # Change the profile instead; `netune drift` reports edits made here.
                net.ipv4.ip_local_port_range = 10000 65000

                """);
        assertEquals(List.of(), p.changes());
        assertEquals(List.of(), p.errors());
        assertEquals(List.of(
                new NoOp(ChangeKind.of("sysctl"), "net.ipv4.ip_local_port_range", "net.ipv4.ip_local_port_range is already 10000 65000"),
                new NoOp(ChangeKind.of("sysctl-file"), FILE, FILE + " already holds these values")), p.unchanged());
    }

    @Test
    void differentValueIsAChangeWithBeforeAndAfterAndAbsentFileIsCreated() throws Exception {
        SysctlDesired want = desired("net.core.somaxconn", "8192", "net.ipv4.ip_local_port_range", "10000 65000",
                "net.core.netdev_max_backlog", "16384");
        HostPlan p = plan(want, """
                @@netune sysctl net.core.netdev_max_backlog present
                1000
                @@netune sysctl net.core.somaxconn present
                4096
                @@netune sysctl net.ipv4.ip_local_port_range present
                32768\t60999
                @@netune file /etc/sysctl.d/99-zz-netune.conf absent
                """);
        assertEquals(List.of(
                new Change(ChangeKind.of("sysctl"), "net.core.netdev_max_backlog", "1000", "16384",
                        List.of("global to the kernel, not per network namespace", "kernel default 1000")),
                new Change(ChangeKind.of("sysctl"), "net.core.somaxconn", "4096", "8192",
                        List.of("kernel default 4096 since 5.4, 128 before")),
                new Change(ChangeKind.of("sysctl"), "net.ipv4.ip_local_port_range", "32768 60999", "10000 65000",
                        List.of("kernel default 32768 60999")),
                new Change(ChangeKind.of("sysctl-file"), FILE, null, HEADER
                        + "net.core.netdev_max_backlog = 16384\n"
                        + "net.core.somaxconn = 8192\n"
                        + "net.ipv4.ip_local_port_range = 10000 65000\n",
                        List.of("persists the values across reboots"))),
                p.changes());
        assertTrue(p.changes().get(3).creates());
        assertEquals(List.of(), p.unchanged());
        assertEquals(List.of(), p.errors());
    }

    @Test
    void missingKeyIsAPlanErrorNamingKeyAndKernelAndNothingIsPersisted() throws Exception {
        SysctlDesired want = desired("net.ipv4.tcp_tw_recycle", "1", "net.core.somaxconn", "8192");
        HostPlan p = plan(want, """
                @@netune sysctl net.core.somaxconn present
                4096
                @@netune sysctl net.ipv4.tcp_tw_recycle missing
                @@netune file /etc/sysctl.d/99-zz-netune.conf absent
                """);
        assertEquals(List.of(new PlanError(ChangeKind.of("sysctl"), "net.ipv4.tcp_tw_recycle", "net.ipv4.tcp_tw_recycle was"
                + " removed in Linux 4.12 (it broke clients behind NAT); net.ipv4.tcp_tw_reuse covers outbound connections;"
                + " this host (kernel 6.1.0-18-amd64) does not have it")), p.errors());
        assertEquals(List.of(new Change(ChangeKind.of("sysctl"), "net.core.somaxconn", "4096", "8192",
                List.of("kernel default 4096 since 5.4, 128 before"))), p.changes());
    }

    @Test
    void keyAbsentFromTheGatherOutputIsMissing() throws Exception {
        HostPlan p = plan(desired("net.core.somaxconn", "8192"), "@@netune file /etc/sysctl.d/99-zz-netune.conf absent\n");
        assertEquals(List.of(new PlanError(ChangeKind.of("sysctl"), "net.core.somaxconn", "net.core.somaxconn does not exist on"
                + " this host (kernel 6.1.0-18-amd64); a module may be missing or the key misspelt")), p.errors());
        assertEquals(List.of(), p.changes());
    }

    @Test
    void unreadableKeyIsAPlanErrorWithTheReadError() throws Exception {
        HostPlan p = plan(desired("net.ipv4.route.flush", "1"), """
                @@netune sysctl net.ipv4.route.flush unreadable
                cat: /proc/sys/net/ipv4/route/flush: Permission denied
                @@netune file /etc/sysctl.d/99-zz-netune.conf absent
                """);
        assertEquals(List.of(new PlanError(ChangeKind.of("sysctl"), "net.ipv4.route.flush",
                "cannot read net.ipv4.route.flush: cat: /proc/sys/net/ipv4/route/flush: Permission denied")), p.errors());
        assertEquals(List.of(), p.changes());
        assertEquals(List.of(), p.unchanged());
    }

    @Test
    void editedPersistenceFileIsUpdatedWithItsOldContentAsBefore() throws Exception {
        SysctlDesired want = desired("net.core.somaxconn", "8192");
        HostPlan p = plan(want, """
                @@netune sysctl net.core.somaxconn present
                8192
                @@netune file /etc/sysctl.d/99-zz-netune.conf present
                # Managed by netune. Do not edit: `netune apply` rewrites this file.
                # Change the profile instead; `netune drift` reports edits made here.
                net.core.somaxconn = 1024

                """);
        assertEquals(List.of(new NoOp(ChangeKind.of("sysctl"), "net.core.somaxconn", "net.core.somaxconn is already 8192")),
                p.unchanged());
        assertEquals(List.of(new Change(ChangeKind.of("sysctl-file"), FILE, HEADER + "net.core.somaxconn = 1024",
                HEADER + "net.core.somaxconn = 8192\n", List.of("persists the values across reboots"))), p.changes());
        assertFalse(p.changes().get(0).creates());
    }

    @Test
    void persistenceFileWithoutTrailingNewlineStillEqual() throws Exception {
        HostPlan p = plan(desired("net.core.somaxconn", "8192"), "@@netune sysctl net.core.somaxconn present\n8192\n"
                + "@@netune file /etc/sysctl.d/99-zz-netune.conf present\n" + HEADER + "net.core.somaxconn = 8192\n");
        assertEquals(List.of(), p.changes());
        assertEquals(2, p.unchanged().size());
    }

    @Test
    void emptyDesiredPlansNothing() throws Exception {
        HostPlan p = plan(desired(), "@@netune file /etc/sysctl.d/99-zz-netune.conf absent\n");
        assertEquals(new HostPlan.Builder().build(), p);
    }

    @Test
    void persistedContentIsSortedKeyEqualsValue() {
        assertEquals(HEADER + "fs.file-max = 2097152\nnet.core.somaxconn = 65535\n",
                SysctlKind.persistedContent(desired("net.core.somaxconn", "65535", "fs.file-max", "2097152").values()));
    }

    @Test
    void ownsBothItsChangeKinds() {
        assertTrue(KIND.owns(new Change(ChangeKind.of("sysctl"), "a.b", "1", "2")));
        assertTrue(KIND.owns(new Change(ChangeKind.of("sysctl-file"), FILE, null, "x")));
        assertFalse(KIND.owns(new Change(ChangeKind.of("ring"), "eth0 rx", "1", "2")));
        assertEquals("sysctl", KIND.key());
        assertTrue(Kinds.owning(new Change(ChangeKind.of("sysctl-file"), FILE, null, "x")) instanceof SysctlKind);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Kinds.owning(new Change(ChangeKind.of("ring"), "eth0 rx", "1", "2")));
        assertEquals("no setting kind owns change kind ring", e.getMessage());
    }

    @Test
    void mergeLaterWinsPerKey() {
        assertEquals(desired("a.b", "2", "a.c", "1", "a.d", "3"),
                KIND.merge(desired("a.b", "1", "a.c", "1"), desired("a.b", "2", "a.d", "3")));
    }

    // ---- verify: apply output in, results out ----

    private static final Change SOMAXCONN = new Change(ChangeKind.of("sysctl"), "net.core.somaxconn", "4096", "8192");
    private static final Change TW_REUSE = new Change(ChangeKind.of("sysctl"), "net.ipv4.tcp_tw_reuse", "2", "1");
    private static final Change RANGE = new Change(ChangeKind.of("sysctl"), "net.ipv4.ip_local_port_range", "32768 60999", "10000 65000");
    private static final Change BACKLOG = new Change(ChangeKind.of("sysctl"), "net.core.netdev_max_backlog", "1000", "16384");
    private static final Change PERSIST = new Change(ChangeKind.of("sysctl-file"), FILE, null,
            HEADER + "net.core.somaxconn = 8192\n");

    @Test
    void verifyReadsEverySection() {
        String out = """
                @@netune applied sysctl net.core.somaxconn ok
                @@netune verify sysctl net.core.somaxconn
                8192
                @@netune applied sysctl net.ipv4.tcp_tw_reuse failed
                sh: 3: cannot create /proc/sys/net/ipv4/tcp_tw_reuse: Permission denied
                @@netune verify sysctl net.ipv4.tcp_tw_reuse
                2
                @@netune applied sysctl net.ipv4.ip_local_port_range ok
                @@netune verify sysctl net.ipv4.ip_local_port_range
                10000\t65000
                @@netune applied sysctl net.core.netdev_max_backlog ok
                @@netune verify sysctl net.core.netdev_max_backlog
                1000
                @@netune applied file /etc/sysctl.d/99-zz-netune.conf ok
                @@netune file /etc/sysctl.d/99-zz-netune.conf present
                # Managed by netune. Do not edit: `netune apply` rewrites this file.
                # Change the profile instead; `netune drift` reports edits made here.
                net.core.somaxconn = 8192

                @@netune end
                """;
        List<ChangeResult> r = KIND.verify(List.of(SOMAXCONN, TW_REUSE, RANGE, BACKLOG, PERSIST),
                GatherOutput.split(out));
        assertEquals(List.of(
                new ChangeResult(SOMAXCONN, true, "8192", "set"),
                new ChangeResult(TW_REUSE, false, "2",
                        "write failed: sh: 3: cannot create /proc/sys/net/ipv4/tcp_tw_reuse: Permission denied"),
                new ChangeResult(RANGE, true, "10000 65000", "set"),
                new ChangeResult(BACKLOG, false, "1000", "the kernel holds 1000 after writing 16384"),
                new ChangeResult(PERSIST, true, HEADER + "net.core.somaxconn = 8192", "written")),
                r);
    }

    @Test
    void verifyMissingSectionsMeanTheScriptStopped() {
        String out = """
                @@netune applied sysctl net.core.somaxconn ok
                """;
        List<ChangeResult> r = KIND.verify(List.of(SOMAXCONN, TW_REUSE, PERSIST), GatherOutput.split(out));
        assertEquals(List.of(
                new ChangeResult(SOMAXCONN, false, "nothing", "the kernel holds nothing after writing 8192"),
                new ChangeResult(TW_REUSE, false, null, "not applied: the apply script stopped before it"),
                new ChangeResult(PERSIST, false, null, "not applied: the apply script stopped before it")),
                r);
    }

    @Test
    void verifyFileFailedAndFileDiffering() {
        List<ChangeResult> failed = KIND.verify(List.of(PERSIST), GatherOutput.split("""
                @@netune applied file /etc/sysctl.d/99-zz-netune.conf failed
                mv: cannot move '/etc/sysctl.d/.netune.Ab12Cd' to '/etc/sysctl.d/99-zz-netune.conf': Read-only file system
                @@netune file /etc/sysctl.d/99-zz-netune.conf absent
                @@netune end
                """));
        assertEquals(List.of(new ChangeResult(PERSIST, false, null,
                "write failed: mv: cannot move '/etc/sysctl.d/.netune.Ab12Cd' to"
                        + " '/etc/sysctl.d/99-zz-netune.conf': Read-only file system")), failed);

        List<ChangeResult> differs = KIND.verify(List.of(PERSIST), GatherOutput.split("""
                @@netune applied file /etc/sysctl.d/99-zz-netune.conf ok
                @@netune file /etc/sysctl.d/99-zz-netune.conf present
                net.core.somaxconn = 1
                @@netune end
                """));
        assertEquals(List.of(new ChangeResult(PERSIST, false, "net.core.somaxconn = 1",
                "file content differs after write")), differs);
    }

    @Test
    void verifyIgnoresOtherKindsSections() {
        List<ChangeResult> r = KIND.verify(List.of(SOMAXCONN), GatherOutput.split("""
                @@netune applied ring eth0 ok
                @@netune verify ring net.core.somaxconn
                1
                @@netune applied sysctl net.core.somaxconn ok
                @@netune verify sysctl net.core.somaxconn
                8192
                """));
        assertEquals(List.of(new ChangeResult(SOMAXCONN, true, "8192", "set")), r);
    }

    // ---- apply script: text only, never run ----

    private static String proc(String path) throws java.io.IOException {
        // Files.readString trusts the (zero) size procfs reports and may read short
        try (var in = Files.newInputStream(Path.of(path))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The script with every single-quoted word removed: what the shell would interpret. */
    private static String unquoted(String script) {
        StringBuilder out = new StringBuilder();
        boolean single = false;
        for (int i = 0; i < script.length(); i++) {
            char c = script.charAt(i);
            if (single) {
                single = c != '\'';
            } else if (c == '\\' && i + 1 < script.length()) {
                i++; // an escaped character is literal
            } else if (c == '\'') {
                single = true;
            } else {
                out.append(c);
            }
        }
        assertFalse(single, "unbalanced quotes");
        return out.toString();
    }

    @Test
    void applyScriptQuotesEveryValue() {
        String script = KIND.applyScript(List.of(SOMAXCONN, RANGE, PERSIST));
        assertTrue(script.contains("\nnetune_sysctl_set 'net.core.somaxconn' 'net/core/somaxconn' '8192'\n"), script);
        assertTrue(script.contains("\nnetune_sysctl_set 'net.ipv4.ip_local_port_range' 'net/ipv4/ip_local_port_range' '10000 65000'\n"), script);
        assertTrue(script.contains("\nnetune_file_write '/etc/sysctl.d/99-zz-netune.conf' '0644'"
                + " '# Managed by netune. Do not edit: `netune apply` rewrites this file.'"
                + " '# Change the profile instead; `netune drift` reports edits made here.'"
                + " 'net.core.somaxconn = 8192'\n"), script);
        // read back for verification in the same run
        assertTrue(script.endsWith("\nnetune_file_read '/etc/sysctl.d/99-zz-netune.conf'\n"), script);
        String bare = unquoted(script);
        for (String value : List.of("8192", "10000 65000", "net.core.somaxconn", "net/core/somaxconn", "netune apply", "99-zz-netune")) {
            assertFalse(bare.contains(value), value + " appears unquoted in:\n" + bare);
        }
        // sysctl writes come before the persistence file
        assertTrue(script.indexOf("netune_sysctl_set 'net") < script.indexOf("netune_file_write '"));
    }

    @Test
    void applyScriptQuotesHostileValuesAsOneWord() {
        Change evil = new Change(ChangeKind.of("sysctl"), "net.core.somaxconn", "1", "1'; touch /tmp/pwned; echo '");
        String script = KIND.applyScript(List.of(evil));
        assertTrue(script.contains("netune_sysctl_set 'net.core.somaxconn' 'net/core/somaxconn' " + Shell.quote(evil.after()) + "\n"));
        assertFalse(unquoted(script).contains("touch"), script);
        assertEquals("'1'\\''; touch /tmp/pwned; echo '\\'''", Shell.quote(evil.after()));
    }

    @Test
    void applyScriptOfNoSysctlChangesOnlyDefinesTheFunction() {
        String script = KIND.applyScript(List.of());
        assertFalse(Pattern.compile("^netune_sysctl_set ", Pattern.MULTILINE).matcher(script).find(), script);
        assertFalse(script.contains("mktemp"));
    }

    // ---- the real gather fragment, run read-only on this machine ----

    private static String runSh(String script) throws Exception {
        Process p = new ProcessBuilder("/bin/sh", "-s").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        p.getOutputStream().write(script.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "gather did not finish");
        assertEquals(0, p.exitValue());
        return out;
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void gatherScriptRunsOnThisMachine() throws Exception {
        Gather g = new Gather().add(SysctlFacts.source(new TreeSet<>(List.of(
                "net.core.somaxconn", "net.ipv4.ip_local_port_range", "net.netune.does_not_exist"))));
        String out = runSh(g.script());
        HostFacts facts = g.parse(out);
        assertEquals(proc("/proc/sys/kernel/osrelease").strip(), facts.host().kernel());
        assertEquals(proc("/proc/sys/kernel/hostname").strip(), facts.host().hostname());
        assertTrue(facts.host().uid() >= 0);
        SysctlFacts s = facts.get(SysctlKind.FACTS);
        assertEquals(List.of("net.core.somaxconn", "net.ipv4.ip_local_port_range", "net.netune.does_not_exist"),
                List.copyOf(s.values().keySet()));
        assertEquals(new SysctlFacts.Reading(SysctlFacts.Reading.Status.PRESENT,
                proc("/proc/sys/net/core/somaxconn").strip()), s.values().get("net.core.somaxconn"));
        SysctlFacts.Reading range = s.values().get("net.ipv4.ip_local_port_range");
        assertEquals(SysctlFacts.Reading.Status.PRESENT, range.status());
        assertTrue(range.value().matches("\\d+\t\\d+"), range.value()); // the kernel separates with a tab
        assertEquals(new SysctlFacts.Reading(SysctlFacts.Reading.Status.MISSING, ""),
                s.values().get("net.netune.does_not_exist"));
        Path persisted = Path.of(FILE);
        assertEquals(Files.isRegularFile(persisted), s.persistedFile().isPresent());
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void gatheredLiveValueIsPlannedAsAlreadyThere() throws Exception {
        String live = proc("/proc/sys/net/ipv4/ip_local_port_range");
        SysctlDesired want = desired("net.ipv4.ip_local_port_range", SysctlValue.normalize(live));
        Gather g = new Gather();
        for (FactSource<?> s : KIND.facts(want)) {
            add(g, s);
        }
        HostPlan.Builder b = new HostPlan.Builder();
        KIND.plan(want, g.parse(runSh(g.script())), b);
        HostPlan p = b.build();
        assertEquals(new NoOp(ChangeKind.of("sysctl"), "net.ipv4.ip_local_port_range",
                "net.ipv4.ip_local_port_range is already " + SysctlValue.normalize(live)), p.unchanged().get(0));
        assertEquals(List.of(), p.errors());
        assertEquals(List.of(), p.changesOf(ChangeKind.of("sysctl")));
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void gatherQuotesHostileKeys(@TempDir Path tmp) throws Exception {
        Path marker = tmp.resolve("pwned");
        String hostile = "a$(touch " + marker + ")`touch " + marker + "`";
        Gather g = new Gather().add(SysctlFacts.source(new TreeSet<>(List.of(hostile))));
        String out = runSh(g.script());
        assertFalse(Files.exists(marker), "a key was run as a command");
        assertTrue(out.contains("@@netune sysctl " + hostile + " missing\n"), out);
    }

    @Test
    void factsTextShowsEveryReading() {
        SysctlFacts f = new SysctlFacts(Map.of(
                "net.core.somaxconn", new SysctlFacts.Reading(SysctlFacts.Reading.Status.PRESENT, "4096"),
                "net.ipv4.ip_local_port_range", new SysctlFacts.Reading(SysctlFacts.Reading.Status.PRESENT, "32768\t60999"),
                "net.ipv4.route.flush", new SysctlFacts.Reading(SysctlFacts.Reading.Status.UNREADABLE,
                        "cat: /proc/sys/net/ipv4/route/flush: Permission denied\n"),
                "net.ipv4.tcp_tw_recycle", new SysctlFacts.Reading(SysctlFacts.Reading.Status.MISSING, "")),
                Optional.of(HEADER + "net.core.somaxconn = 4096\n\nfs.file-max = 1\n"));
        assertEquals("""
                net.core.somaxconn = 4096
                net.ipv4.ip_local_port_range = 32768 60999
                net.ipv4.route.flush = (unreadable: cat: /proc/sys/net/ipv4/route/flush: Permission denied)
                net.ipv4.tcp_tw_recycle = (missing)
                /etc/sysctl.d/99-zz-netune.conf: present, 2 setting(s)
                """, f.toText());
        assertEquals("/etc/sysctl.d/99-zz-netune.conf: absent\n", new SysctlFacts(Map.of(), Optional.empty()).toText());
    }
}
