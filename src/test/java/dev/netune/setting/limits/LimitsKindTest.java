package dev.netune.setting.limits;

import dev.netune.plan.ChangeKind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netune.fact.FactSource;
import dev.netune.fact.Gather;
import dev.netune.fact.GatherOutput;
import dev.netune.fact.HostFacts;
import dev.netune.plan.Change;
import dev.netune.plan.HostPlan;
import dev.netune.plan.PlanError;
import dev.netune.profile.DesiredState;
import dev.netune.profile.Problem;
import dev.netune.profile.ProfileLoader;
import dev.netune.profile.ValidationException;
import dev.netune.setting.ChangeResult;
import dev.netune.kinds.Kinds;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * pyinfra-style tests of the limits kind: profile text and gather output in; validation problems,
 * changes, no-ops, errors and warnings out; apply output in, results out. Nothing is applied here.
 */
class LimitsKindTest {
    private static final LimitsKind KIND = (LimitsKind) Kinds.all().stream()
            .filter(k -> k instanceof LimitsKind).findFirst().orElseThrow();
    private static final String HEADER = "# Managed by netune. Do not edit: `netune apply` rewrites this file.\n"
            + "# Change the profile instead; `netune drift` reports edits made here.\n";

    @TempDir
    Path dir;

    // ------------------------------------------------------------------ gather text

    /** A Debian 12 host: systemd raised both ceilings at boot; PAM gives 1024/524288. */
    private static final String SYSTEMD_HOST = """
            @@netune host
            hostname=web-1
            kernel=6.1.0-18-amd64
            uid=0
            @@netune sysctl fs.file-max present
            9223372036854775807
            @@netune sysctl fs.nr_open present
            1073741816
            @@netune file /etc/sysctl.d/99-zz-netune.conf absent
            @@netune limits session
            user=root
            groups=root
            soft=1024
            hard=524288
            @@netune limits systemd
            DefaultLimitNOFILE=524288
            DefaultLimitNOFILESoft=1024
            @@netune limits others
            @@netune file /etc/security/limits.d/90-netune.conf absent
            @@netune file /etc/systemd/system.conf.d/90-netune.conf absent
            @@netune file /etc/sysctl.d/99-zz-netune-limits.conf absent
            @@netune end
            """;

    /** A host without systemd and kernel defaults (a container's view, or an older init). */
    private static final String PLAIN_HOST = """
            @@netune host
            hostname=app-1
            kernel=5.10.0-28-amd64
            uid=1000
            @@netune sysctl fs.file-max present
            813282
            @@netune sysctl fs.nr_open present
            1048576
            @@netune file /etc/sysctl.d/99-zz-netune.conf absent
            @@netune limits session
            user=tuner
            groups=tuner sudo
            soft=1024
            hard=1048576
            @@netune limits systemd
            booted=no
            @@netune limits others
            /etc/security/limits.conf:@sudo hard nofile 4096
            @@netune file /etc/security/limits.d/90-netune.conf absent
            @@netune file /etc/systemd/system.conf.d/90-netune.conf absent
            @@netune file /etc/sysctl.d/99-zz-netune-limits.conf absent
            @@netune end
            """;

    private LimitsDesired load(String yaml) throws Exception {
        Path f = Files.writeString(dir.resolve("p.yaml"), yaml);
        DesiredState state = ProfileLoader.merge(new ProfileLoader(Kinds.all()).loadAll(List.of(f)));
        return state.get(KIND).orElseThrow();
    }

    private static HostFacts facts(LimitsDesired desired, String gatherText) throws Exception {
        Gather g = new Gather();
        for (FactSource<?> s : KIND.facts(desired)) {
            add(g, s);
        }
        return g.parse(gatherText);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void add(Gather g, FactSource s) {
        g.add(s);
    }

    private static HostPlan plan(LimitsDesired desired, String gatherText) throws Exception {
        HostPlan.Builder out = new HostPlan.Builder();
        KIND.plan(desired, facts(desired, gatherText), out);
        return out.build();
    }

    /** The plan as `netune plan -v` shows it under a host's header: the production renderer. */
    private static String render(HostPlan p) {
        return new dev.netune.report.TextReport(false).plan(p, true);
    }

    private static final String WEB = """
            limits:
              fileMax: 2097152
              nrOpen: 2097152
              nofile: {soft: 1048576, hard: 1048576, users: ["*", root]}
              systemd: {defaultLimitNOFILE: "65536:1048576"}
            """;

    // ------------------------------------------------------------------ plans

    @Test
    void systemdHostKeepsItsHigherCeilingsAndGetsTheTwoFiles() throws Exception {
        assertEquals("""
                  + limits-file /etc/security/limits.d/90-netune.conf  (new login sessions get it; running ones keep their limits)  (a new login session of root gets nofile soft 1024, hard 524288 now)
                      + # Managed by netune. Do not edit: `netune apply` rewrites this file.
                      + # Change the profile instead; `netune drift` reports edits made here.
                      + * soft nofile 1048576
                      + * hard nofile 1048576
                      + root soft nofile 1048576
                      + root hard nofile 1048576
                  + limits-file /etc/systemd/system.conf.d/90-netune.conf  (for services started by systemd)
                      + # Managed by netune. Do not edit: `netune apply` rewrites this file.
                      + # Change the profile instead; `netune drift` reports edits made here.
                      + [Manager]
                      + DefaultLimitNOFILE=65536:1048576
                  warning: systemd reads DefaultLimitNOFILE only when it starts: the drop-in takes effect at next boot or `systemctl daemon-reexec` (apply --allow-service-restart runs it), and running services keep their limits until restarted
                  = fs.file-max is 9223372036854775807, above limits.fileMax 2097152; left as is (netune never lowers a file limit)
                  = fs.nr_open is 1073741816, above limits.nrOpen 2097152; left as is (netune never lowers a file limit)
                  = the host's file limits are above the profile's; nothing to persist
                """, render(plan(load(WEB), SYSTEMD_HOST)));
    }

    @Test
    void plainHostIsRaisedThroughSysctlChangesAndPersisted() throws Exception {
        assertEquals("""
                  ~ sysctl fs.file-max: 813282 -> 2097152  (from limits.fileMax, a floor; global to the kernel)
                  ~ sysctl fs.nr_open: 1048576 -> 2097152  (from limits.nrOpen, a floor; global to the kernel)
                  + limits-file /etc/sysctl.d/99-zz-netune-limits.conf  (persists the limits across reboots)
                      + # Managed by netune. Do not edit: `netune apply` rewrites this file.
                      + # Change the profile instead; `netune drift` reports edits made here.
                      + fs.file-max = 2097152
                      + fs.nr_open = 2097152
                  + limits-file /etc/security/limits.d/90-netune.conf  (new login sessions get it; running ones keep their limits)  (a new login session of tuner gets nofile soft 1024, hard 1048576 now)
                      + # Managed by netune. Do not edit: `netune apply` rewrites this file.
                      + # Change the profile instead; `netune drift` reports edits made here.
                      + * soft nofile 1048576
                      + * hard nofile 1048576
                      + root soft nofile 1048576
                      + root hard nofile 1048576
                  + limits-file /etc/systemd/system.conf.d/90-netune.conf  (for services started by systemd)
                      + # Managed by netune. Do not edit: `netune apply` rewrites this file.
                      + # Change the profile instead; `netune drift` reports edits made here.
                      + [Manager]
                      + DefaultLimitNOFILE=65536:1048576
                  warning: systemd is not running on this host (no /run/systemd/system): /etc/systemd/system.conf.d/90-netune.conf has no effect here
                """, render(plan(load(WEB), PLAIN_HOST)));
    }

    @Test
    void hardNofileAboveNrOpenIsAPlanErrorNamingBothNumbers() throws Exception {
        HostPlan p = plan(load("""
                limits:
                  nofile: {soft: 1048576, hard: 2097152}
                """), PLAIN_HOST);
        assertEquals(List.of(new PlanError(ChangeKind.of("limits"), "/etc/security/limits.d/90-netune.conf",
                "nofile hard limit 2097152 is above fs.nr_open 1048576 (after this plan): pam_limits could not set it"
                        + " and would refuse every PAM login, SSH included; raise limits.nrOpen to at least 2097152"
                        + " or lower nofile.hard")), p.errors());
    }

    @Test
    void nrOpenRaisedInTheSamePlanSatisfiesTheGuard() throws Exception {
        HostPlan p = plan(load("""
                limits:
                  nrOpen: 2097152
                  nofile: {soft: 1048576, hard: 2097152}
                """), PLAIN_HOST);
        assertEquals(List.of(), p.errors());
        assertEquals("2097152", p.changes().get(0).after());
    }

    @Test
    void systemdDefaultAboveNrOpenIsAPlanErrorToo() throws Exception {
        HostPlan p = plan(load("""
                limits:
                  systemd: {defaultLimitNOFILE: 4194304}
                """), PLAIN_HOST);
        assertEquals(List.of(new PlanError(ChangeKind.of("limits"), "/etc/systemd/system.conf.d/90-netune.conf",
                "DefaultLimitNOFILE hard limit 4194304 is above fs.nr_open 1048576 (after this plan): services could"
                        + " not get it and would fail to start; raise limits.nrOpen or lower systemd.defaultLimitNOFILE")),
                p.errors());
    }

    @Test
    void nrOpenAboveFileMaxAfterThePlanIsAWarning() throws Exception {
        HostPlan p = plan(load("""
                limits:
                  nrOpen: 4194304
                """), PLAIN_HOST);
        assertEquals(List.of(), p.errors());
        assertEquals(List.of("fs.nr_open 4194304 is above fs.file-max 813282 after this plan: one process may then hold"
                + " more descriptors than the whole kernel allows; raise limits.fileMax to at least limits.nrOpen"),
                p.warnings());
    }

    @Test
    void appliedHostHasNothingToDoAndNothingToWarn() throws Exception {
        String applied = SYSTEMD_HOST
                .replace("soft=1024\nhard=524288", "soft=1048576\nhard=1048576")
                .replace("DefaultLimitNOFILE=524288\nDefaultLimitNOFILESoft=1024",
                        "DefaultLimitNOFILE=1048576\nDefaultLimitNOFILESoft=65536")
                .replace("@@netune file /etc/security/limits.d/90-netune.conf absent\n",
                        "@@netune file /etc/security/limits.d/90-netune.conf present\n" + HEADER
                                + "* soft nofile 1048576\n* hard nofile 1048576\nroot soft nofile 1048576\n"
                                + "root hard nofile 1048576\n\n")
                .replace("@@netune file /etc/systemd/system.conf.d/90-netune.conf absent\n",
                        "@@netune file /etc/systemd/system.conf.d/90-netune.conf present\n" + HEADER
                                + "[Manager]\nDefaultLimitNOFILE=65536:1048576\n\n");
        HostPlan p = plan(load(WEB), applied);
        assertEquals(List.of(), p.changes(), render(p));
        assertEquals(List.of(), p.warnings(), render(p));
        assertEquals(List.of(), p.errors());
        assertEquals(5, p.unchanged().size(), render(p));
    }

    @Test
    void sessionThatDoesNotGetTheLimitsIsReportedWithTheOtherLines() throws Exception {
        String gather = PLAIN_HOST.replace("@@netune file /etc/security/limits.d/90-netune.conf absent\n",
                "@@netune file /etc/security/limits.d/90-netune.conf present\n" + HEADER
                        + "* soft nofile 4096\n* hard nofile 4096\n\n")
                .replace("hard=1048576", "hard=4096");
        HostPlan p = plan(load("""
                limits:
                  nofile: {soft: 4096, hard: 4096}
                """), gather);
        assertEquals(List.of(), p.changes());
        assertEquals(List.of("a new login session of tuner gets nofile soft 1024, hard 4096, not soft 4096, hard 4096"
                + " although /etc/security/limits.d/90-netune.conf holds them: a line naming the user or an @group wins"
                + " over '*' (/etc/security/limits.conf:@sudo hard nofile 4096), or the login does not run pam_limits"
                + " (sshd UsePAM no)"), p.warnings());
    }

    @Test
    void rootIsNotCoveredByStar() throws Exception {
        HostPlan p = plan(load("""
                limits:
                  nofile: {soft: 65536, hard: 65536, users: ["*"]}
                """), SYSTEMD_HOST);
        assertEquals(List.of("nofile.users does not name root, and pam_limits never applies '*' or @group lines to root:"
                + " root's sessions keep nofile soft 1024, hard 524288"), p.warnings());
    }

    @Test
    void groupMembershipCoversTheSessionUser() throws Exception {
        HostPlan p = plan(load("""
                limits:
                  nofile: {soft: 65536, hard: 65536, users: ["@sudo"]}
                """), PLAIN_HOST);
        assertTrue(p.changes().get(0).notes().contains("a new login session of tuner gets nofile soft 1024, hard 1048576 now"),
                render(p));
    }

    @Test
    void editedOwnedFileIsDriftAndTheSysctlKindsCopyIsNamed() throws Exception {
        String gather = PLAIN_HOST.replace("@@netune sysctl fs.file-max present\n813282", "@@netune sysctl fs.file-max present\n2097152")
                .replace("@@netune file /etc/sysctl.d/99-zz-netune.conf absent\n",
                        "@@netune file /etc/sysctl.d/99-zz-netune.conf present\n" + HEADER + "fs.file-max = 2097152\n\n")
                .replace("@@netune file /etc/sysctl.d/99-zz-netune-limits.conf absent\n",
                        "@@netune file /etc/sysctl.d/99-zz-netune-limits.conf present\n" + HEADER
                                + "fs.file-max = 1000000\n\n");
        HostPlan p = plan(load("limits: {fileMax: 2097152}\n"), gather);
        assertEquals("""
                  ~ limits-file /etc/sysctl.d/99-zz-netune-limits.conf  (persists the limits across reboots)
                      - fs.file-max = 1000000
                      + fs.file-max = 2097152
                  warning: fs.file-max is also set by the sysctl kind in /etc/sysctl.d/99-zz-netune.conf, which is read after /etc/sysctl.d/99-zz-netune-limits.conf at boot and wins: set it in one place (limits.fileMax)
                  = fs.file-max is already 2097152
                """, render(p));
    }

    @Test
    void missingKernelValueIsAPlanError() throws Exception {
        String gather = PLAIN_HOST.replace("@@netune sysctl fs.nr_open present\n1048576",
                "@@netune sysctl fs.nr_open unreadable\ncat: /proc/sys/fs/nr_open: Permission denied");
        HostPlan p = plan(load("limits: {nofile: {soft: 1, hard: 2}}\n"), gather);
        assertEquals(List.of(new PlanError(ChangeKind.of("limits"), "/etc/security/limits.d/90-netune.conf",
                "cannot check nofile against fs.nr_open: cannot read fs.nr_open: cat: /proc/sys/fs/nr_open: Permission denied")),
                p.errors());
    }

    @Test
    void laterProfileOverridesFieldByField() throws Exception {
        Files.writeString(dir.resolve("base.yaml"), """
                limits:
                  fileMax: 100000
                  nofile: {soft: 1024, hard: 4096}
                """);
        LimitsDesired d = load("""
                extends: [base]
                limits:
                  nrOpen: 2048
                  nofile: {soft: 2048, hard: 2048, users: [app]}
                """);
        assertEquals(100000, d.fileMax().getAsLong());
        assertEquals(2048, d.nrOpen().getAsLong());
        assertEquals(new LimitsDesired.Nofile(2048, 2048, List.of("app")), d.nofile().orElseThrow());
        assertTrue(d.systemd().isEmpty());
    }

    // ------------------------------------------------------------------ validation

    private List<String> problems(String yaml) throws Exception {
        Path f = Files.writeString(dir.resolve("bad.yaml"), yaml);
        try {
            new ProfileLoader(Kinds.all()).loadAll(List.of(f));
            return List.of();
        } catch (ValidationException e) {
            return e.problems().stream().map(Problem::format).map(s -> s.replace(f.toString(), "bad.yaml")).toList();
        }
    }

    @Test
    void everyProblemIsReportedWithFileLineAndColumn() throws Exception {
        assertEquals(List.of(
                "bad.yaml:2:3: limits.fileMx: unknown key 'fileMx' (did you mean 'fileMax'?); allowed: fileMax, nofile, nrOpen, systemd",
                "bad.yaml:3:11: limits.nrOpen: 100 is out of range for nrOpen (1024..1073741816)",
                "bad.yaml:4:18: limits.nofile.soft: soft limit 8192 is above the hard limit 4096; a process can raise its soft limit only up to the hard one",
                "bad.yaml:4:49: limits.nofile.users[1]: 'bob smith' is not a limits.d domain: use *, root, a user name or @group",
                "bad.yaml:4:60: limits.nofile.users[2]: '*' is listed twice",
                "bad.yaml:5:33: limits.systemd.defaultLimitNOFILE: soft limit 9 is above the hard limit 8 in '9:8'"),
                problems("""
                        limits:
                          fileMx: 1
                          nrOpen: 100
                          nofile: {soft: 8192, hard: 4096, users: ["*", bob smith, "*"]}
                          systemd: {defaultLimitNOFILE: "9:8"}
                        """));
    }

    @Test
    void unlimitedMissingKeysAndTypesAreRefused() throws Exception {
        assertEquals(List.of(
                "bad.yaml:2:12: limits.fileMax: expected a whole number, found 'yes'",
                "bad.yaml:3:11: limits.nofile: nofile needs 'soft' (write soft and hard, e.g. {soft: 1048576, hard: 1048576})",
                "bad.yaml:3:18: limits.nofile.hard: nofile cannot be 'unlimited': the kernel caps it at fs.nr_open and"
                        + " pam_limits refuses the login when it cannot set it; give a number",
                "bad.yaml:3:36: limits.nofile.users: users is empty: list at least one of *, root, a user name or @group",
                "bad.yaml:4:33: limits.systemd.defaultLimitNOFILE: expected a number or \"soft:hard\" (e.g. \"1024:1048576\"), found 'a:b'",
                "bad.yaml:5:3: limits.nr_open: unknown key 'nr_open' (did you mean 'nrOpen'?); allowed: fileMax, nofile, nrOpen, systemd"),
                problems("""
                        limits:
                          fileMax: yes
                          nofile: {hard: unlimited, users: []}
                          systemd: {defaultLimitNOFILE: "a:b"}
                          nr_open: 1
                        """));
    }

    @Test
    void systemdValueIsWrittenAsOneNumberWhenSoftEqualsHard() {
        assertEquals("1048576", new LimitsDesired.SystemdNofile(1048576, 1048576).value());
        assertEquals("1024:524288", new LimitsDesired.SystemdNofile(1024, 524288).value());
    }

    // ------------------------------------------------------------------ apply and verify

    private static final Change LIMITS_CHANGE = new Change(ChangeKind.of("limits-file"), "/etc/security/limits.d/90-netune.conf",
            null, HEADER + "* soft nofile 65536\n* hard nofile 65536\n");
    private static final Change SYSTEMD_CHANGE = new Change(ChangeKind.of("limits-file"), "/etc/systemd/system.conf.d/90-netune.conf",
            null, HEADER + "[Manager]\nDefaultLimitNOFILE=65536\n");

    @Test
    void applyScriptWritesOnlyFilesAndLeavesSysctlsToTheSysctlKind() {
        String script = KIND.applyScript(List.of(LIMITS_CHANGE));
        assertTrue(script.contains("\nnetune_file_write '/etc/security/limits.d/90-netune.conf' '0644' "), script);
        assertTrue(script.contains("'* soft nofile 65536'"), script);
        assertFalse(script.contains("/proc/sys"), script);
        assertTrue(KIND.owns(LIMITS_CHANGE));
        assertFalse(KIND.owns(new Change(ChangeKind.of("sysctl"), "fs.nr_open", "1048576", "2097152")));
        assertEquals("sysctl", Kinds.owning(new Change(ChangeKind.of("sysctl"), "fs.nr_open", "1048576", "2097152")).key());
    }

    @Test
    void verifyReadsEachFileBack() {
        String output = """
                @@netune applied file /etc/security/limits.d/90-netune.conf ok
                @@netune file /etc/security/limits.d/90-netune.conf present
                %s* soft nofile 65536
                * hard nofile 65536

                @@netune applied file /etc/systemd/system.conf.d/90-netune.conf failed
                mkdir: cannot create directory '/etc/systemd/system.conf.d': Read-only file system
                @@netune file /etc/systemd/system.conf.d/90-netune.conf absent
                @@netune end
                """.formatted(HEADER);
        List<ChangeResult> r = KIND.verify(List.of(LIMITS_CHANGE, SYSTEMD_CHANGE), GatherOutput.split(output));
        assertEquals(2, r.size());
        assertTrue(r.get(0).ok(), r.get(0).toString());
        assertEquals("written", r.get(0).message());
        assertFalse(r.get(1).ok());
        assertEquals("write failed: mkdir: cannot create directory '/etc/systemd/system.conf.d': Read-only file system",
                r.get(1).message());
        List<ChangeResult> notRun = KIND.verify(List.of(SYSTEMD_CHANGE), GatherOutput.split("@@netune end\n"));
        assertEquals("not applied: the apply script stopped before it", notRun.get(0).message());
    }

    // ------------------------------------------------------------------ the real gather fragment

    @Test
    @EnabledOnOs(OS.LINUX)
    void gatherFragmentRunsReadOnlyAsANormalUserAndParses() throws Exception {
        Gather g = new Gather();
        for (FactSource<?> s : KIND.defaultFacts()) {
            add(g, s);
        }
        String script = g.script();
        assertFalse(script.contains("> /proc") || script.contains(">/proc") || script.contains("mv ")
                || script.contains("mkdir"), "the gather must not write anything");
        Process p = new ProcessBuilder("sh", "-s").redirectErrorStream(false).start();
        p.getOutputStream().write(script.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        HostFacts facts = g.parse(out);
        LimitsFacts lf = facts.get(LimitsFacts.SOURCE);
        assertEquals(System.getProperty("user.name"), lf.sessionUser());
        assertTrue(lf.sessionSoft().matches("\\d+|unlimited"), lf.toString());
        assertTrue(lf.sessionHard().matches("\\d+|unlimited"), lf.toString());
        assertTrue(facts.get(KernelLimits.SOURCE).values().containsKey("fs.nr_open"));
        assertTrue(lf.toText().contains("new login session of " + lf.sessionUser()), lf.toText());
        assertTrue(lf.otherNofileLines().stream().noneMatch(l -> l.contains("90-netune.conf")),
                lf.otherNofileLines().stream().collect(Collectors.joining("\n")));
    }

    @Test
    void rollbackPutsItsFilesBackAndLeavesTheCeilingsToTheSysctlKind() {
        LimitsKind kind = new LimitsKind();
        assertEquals(java.util.Optional.of(new Change(LimitsKind.FILE_KIND, LimitsKind.LIMITS_FILE, "new", null,
                java.util.List.of("rollback"))), kind.revert(new Change(LimitsKind.FILE_KIND, LimitsKind.LIMITS_FILE, null, "new")));
        assertEquals(java.util.Optional.of(new Change(LimitsKind.FILE_KIND, LimitsKind.SYSTEMD_FILE, "new", "old",
                java.util.List.of("rollback"))), kind.revert(new Change(LimitsKind.FILE_KIND, LimitsKind.SYSTEMD_FILE, "old", "new")));
        Change fileMax = new Change(ChangeKind.of("sysctl"), "fs.file-max", "100000", "2097152");
        assertEquals("sysctl", Kinds.owning(fileMax).key(), "the sysctl kind owns and reverts the ceilings");
        assertEquals("100000", Kinds.owning(fileMax).revert(fileMax).orElseThrow().after());
        String removal = kind.applyScript(java.util.List.of(new Change(LimitsKind.FILE_KIND, LimitsKind.LIMITS_FILE, "new", null)));
        assertTrue(removal.contains("\nnetune_file_remove '/etc/security/limits.d/90-netune.conf'\n"), removal);
    }

    @Test
    void theSameCeilingUnderSysctlAndLimitsIsAnErrorWhenTheValuesDiffer() throws Exception {
        Path f = Files.writeString(dir.resolve("both.yaml"), """
                sysctl:
                  fs.file-max: "1000000"
                  fs.nr_open: "2097152"
                limits:
                  fileMax: 2097152
                  nrOpen: 2097152
                """);
        DesiredState state = ProfileLoader.merge(new ProfileLoader(Kinds.all()).loadAll(List.of(f)));
        LimitsDesired desired = state.get(KIND).orElseThrow();
        HostPlan.Builder out = new HostPlan.Builder();
        KIND.plan(desired, dev.netune.kinds.Planner.context(state), facts(desired, SYSTEMD_HOST), out);
        HostPlan p = out.build();
        assertEquals(List.of(new PlanError(ChangeKind.of("limits"), "fs.file-max", "fs.file-max is wanted as 1000000 under sysctl: and"
                + " as 2097152 by limits.fileMax: set it in one place")), p.errors());
        assertEquals(List.of("fs.nr_open is set under both sysctl: and limits.nrOpen (2097152): keep one"), p.warnings());
        assertEquals(List.of(), p.changes(), "nothing of this kind is planned");
    }

    @Test
    void nrOpenLoweredUnderSysctlIsTheCeilingTheLockOutGuardChecks() throws Exception {
        Path f = Files.writeString(dir.resolve("lower.yaml"), """
                sysctl:
                  fs.nr_open: 1024
                limits:
                  nofile: {soft: 1048576, hard: 1048576, users: [root, "*"]}
                """);
        DesiredState state = ProfileLoader.merge(new ProfileLoader(Kinds.all()).loadAll(List.of(f)));
        LimitsDesired desired = state.get(KIND).orElseThrow();
        HostPlan.Builder out = new HostPlan.Builder();
        KIND.plan(desired, dev.netune.kinds.Planner.context(state), facts(desired, SYSTEMD_HOST), out);
        assertEquals(List.of(new PlanError(ChangeKind.of("limits"), "/etc/security/limits.d/90-netune.conf",
                "nofile hard limit 1048576 is above fs.nr_open 1024 (after this plan): pam_limits could not set it"
                        + " and would refuse every PAM login, SSH included; raise limits.nrOpen to at least 1048576"
                        + " or lower nofile.hard")), out.build().errors());
    }
}
