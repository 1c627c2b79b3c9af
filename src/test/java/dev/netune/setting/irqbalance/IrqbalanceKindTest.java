package dev.netune.setting.irqbalance;

import dev.netune.plan.ChangeKind;
import dev.netune.report.JsonReport;
import dev.netune.report.JunitReport;
import dev.netune.report.TextReport;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netune.fact.CpuSet;
import dev.netune.fact.Gather;
import dev.netune.fact.GatherOutput;
import dev.netune.fact.HostFacts;
import dev.netune.plan.Change;
import dev.netune.plan.HostPlan;
import dev.netune.plan.NoOp;
import dev.netune.plan.PlanError;
import dev.netune.profile.DesiredState;
import dev.netune.profile.ProfileLoader;
import dev.netune.profile.ValidationException;
import dev.netune.setting.ChangeResult;
import dev.netune.kinds.Kinds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * pyinfra-style tests of the irqbalance kind: YAML in, problems or desired state out; gather text
 * in, changes, no-ops and errors out; apply output in, results out. No apply script runs here.
 */
class IrqbalanceKindTest {
    private static final IrqbalanceKind KIND = new IrqbalanceKind();
    private static final String DROP_IN = "/etc/systemd/system/irqbalance.service.d/netune.conf";
    private static final String HEADER = "# Managed by netune. Do not edit: `netune apply` rewrites this file.\n"
            + "# Change the profile's irqbalance.bannedCpus instead; `netune drift` reports edits made here.\n";

    @TempDir
    Path dir;

    // ---- profile validation

    private DesiredState load(String yaml) throws Exception {
        Path p = Files.writeString(dir.resolve("p.yaml"), yaml);
        return ProfileLoader.merge(new ProfileLoader(List.of(KIND)).loadAll(List.of(p)));
    }

    private List<String> problems(String yaml) throws Exception {
        Path p = Files.writeString(dir.resolve("p.yaml"), yaml);
        ValidationException e = assertThrows(ValidationException.class,
                () -> new ProfileLoader(List.of(KIND)).loadAll(List.of(p)));
        return e.problems().stream().map(pr -> pr.line() + ":" + pr.column() + " " + pr.yamlPath() + ": " + pr.message())
                .toList();
    }

    @Test
    void bothProfileShapesLoad() throws Exception {
        assertEquals(new IrqbalanceDesired(false, Optional.empty()),
                load("irqbalance: {enabled: false}\n").get(KIND).orElseThrow());
        assertEquals(new IrqbalanceDesired(true, Optional.of(CpuSet.of(0, 1))),
                load("irqbalance: {enabled: true, bannedCpus: \"0-1\"}\n").get(KIND).orElseThrow());
        // unquoted single CPU is a YAML integer; still a cpulist
        assertEquals(new IrqbalanceDesired(true, Optional.of(CpuSet.of(2))),
                load("irqbalance:\n  enabled: yes\n  bannedCpus: 2\n").get(KIND).orElseThrow());
        assertEquals(new IrqbalanceDesired(true, Optional.of(CpuSet.parseList("0,2-3"))),
                load("irqbalance: {enabled: true, bannedCpus: \"3,0,2\"}\n").get(KIND).orElseThrow());
    }

    @Test
    void unknownKeysAreErrorsWithDidYouMean() throws Exception {
        assertEquals(List.of("1:29 irqbalance.bannedCPUs: unknown key 'bannedCPUs' (did you mean 'bannedCpus'?);"
                + " allowed: bannedCpus, enabled"),
                problems("irqbalance: {enabled: true, bannedCPUs: \"0\"}\n"));
        assertEquals(List.of("1:14 irqbalance.enable: unknown key 'enable' (did you mean 'enabled'?);"
                + " allowed: bannedCpus, enabled"),
                problems("irqbalance: {enable: false}\n"));
    }

    @Test
    void exactValidationMessages() throws Exception {
        assertEquals(List.of("1:30 irqbalance.bannedCpus: bannedCpus needs enabled: true: a stopped irqbalance places"
                + " no IRQs; remove bannedCpus or set enabled: true"),
                problems("irqbalance: {enabled: false, bannedCpus: \"0-1\"}\n"));
        assertEquals(List.of("1:13 irqbalance: irqbalance needs enabled: true (run it) or enabled: false"
                + " (stop and disable it)"),
                problems("irqbalance: {bannedCpus: \"0\"}\n"));
        assertEquals(List.of("1:41 irqbalance.bannedCpus: invalid CPU list '0-': range '0-' has no end"
                + " (expected numbers and ranges such as 0-3,8)"),
                problems("irqbalance: {enabled: true, bannedCpus: \"0-\"}\n"));
        assertEquals(List.of("1:41 irqbalance.bannedCpus: invalid CPU list '3-1': range '3-1' goes down (write 1-3)"
                + " (expected numbers and ranges such as 0-3,8)"),
                problems("irqbalance: {enabled: true, bannedCpus: \"3-1\"}\n"));
        assertEquals(List.of("1:41 irqbalance.bannedCpus: invalid CPU list '9000': CPU 9000 is above the maximum 8191"
                + " (expected numbers and ranges such as 0-3,8)"),
                problems("irqbalance: {enabled: true, bannedCpus: \"9000\"}\n"));
        assertEquals(List.of("1:41 irqbalance.bannedCpus: bannedCpus is empty; leave it out to ban no CPUs"),
                problems("irqbalance: {enabled: true, bannedCpus: \"\"}\n"));
        assertEquals(List.of("1:41 irqbalance.bannedCpus: bannedCpus is a CPU list in quotes, such as \"0-1\" or \"0,2-3\""),
                problems("irqbalance: {enabled: true, bannedCpus: [0, 1]}\n"));
        assertEquals(List.of("1:23 irqbalance.enabled: expected true or false, found 'maybe'"),
                problems("irqbalance: {enabled: maybe}\n"));
        assertEquals(List.of("1:13 irqbalance: expected a mapping (key: value), found 'off'"),
                problems("irqbalance: off\n"));
    }

    @Test
    void aShellMetacharacterNeverGetsThroughBecauseOnlyCpulistsLoad() throws Exception {
        List<String> p = problems("irqbalance: {enabled: true, bannedCpus: \"0; reboot\"}\n");
        assertEquals(1, p.size());
        assertTrue(p.get(0).contains("'0; reboot' is not a CPU number"), p.toString());
    }

    @Test
    void laterProfilesWinPerKeyAndDisablingDropsBannedCpus() {
        IrqbalanceDesired banned = new IrqbalanceDesired(true, Optional.of(CpuSet.of(0)));
        IrqbalanceDesired on = new IrqbalanceDesired(true, Optional.empty());
        IrqbalanceDesired off = new IrqbalanceDesired(false, Optional.empty());
        assertEquals(banned, KIND.merge(banned, on));
        assertEquals(off, KIND.merge(banned, off));
        assertEquals(new IrqbalanceDesired(true, Optional.of(CpuSet.of(1))),
                KIND.merge(banned, new IrqbalanceDesired(true, Optional.of(CpuSet.of(1)))));
        assertEquals(banned, KIND.merge(off, banned));
        assertThrows(IllegalArgumentException.class, () -> new IrqbalanceDesired(false, Optional.of(CpuSet.of(0))));
    }

    @Test
    void appliedBeforeTheNicKindSoItCannotMovePinnedIrqsBack() {
        List<String> keys = Kinds.all().stream().map(k -> k.key()).toList();
        assertTrue(keys.indexOf("irqbalance") < keys.indexOf("nics"), keys.toString());
        assertEquals(KIND.key(), Kinds.owning(new Change(ChangeKind.of("irqbalance-dropin"), DROP_IN, null, "x")).key());
        assertEquals(KIND.key(), Kinds.owning(new Change(ChangeKind.of("irqbalance"), "service", "a", "b")).key());
    }

    // ---- gather

    @Test
    void gatherFragmentIsReadOnlyAndSwallowsEveryFailure() {
        String s = IrqbalanceFacts.SOURCE.script();
        assertTrue(s.contains("\nnetune_irqbalance_read 'irqbalance.service' '/etc/default/irqbalance'\n"), s);
        assertTrue(s.contains("$(systemctl show -p ActiveState -p UnitFileState -p Environment \"$1\" 2>/dev/null)"), s);
        assertTrue(s.contains("netune_read_line /sys/devices/system/cpu/online || true"), s);
        assertTrue(s.contains("\nnetune_file_read '" + DROP_IN + "'\n"), s);
        assertTrue(s.contains("|| true"), s);
        for (String word : List.of("enable ", "disable", "restart", "daemon-reload", "rm ", "mv ", " > ", "tee")) {
            assertFalse(s.replace("2>/dev/null", "").replace(">/dev/null", "").contains(word), word + " in " + s);
        }
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void gatherRunsUnderSetEAsANormalUserAndParses() throws Exception {
        // only reads: systemctl show, sysfs, /etc files
        Gather g = new Gather().add(IrqbalanceFacts.SOURCE);
        Process p = new ProcessBuilder("sh", "-eu", "-s").redirectErrorStream(false).start();
        p.getOutputStream().write(g.script().getBytes());
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        IrqbalanceFacts f = g.parse(out).get(IrqbalanceFacts.SOURCE);
        assertTrue(f.onlineCpus().isPresent() && f.onlineCpus().get().contains(0), f.toString());
    }

    // ---- plan: gather text in, plan out

    private static final String HOST = """
            @@netune host
            hostname=guest
            kernel=6.1.0-18-amd64
            uid=0
            """;

    /** A gather output as a Debian bookworm guest with 2 CPUs prints it. */
    static String gather(String active, String enabled, String dropIn) {
        return gather("yes", "yes", active, enabled, "", "0-1", dropIn, "");
    }

    static String gather(String systemd, String installed, String active, String enabled, String environment,
            String online, String dropIn, String defaults) {
        StringBuilder sb = new StringBuilder(HOST).append("@@netune irqbalance\n")
                .append("systemd=").append(systemd).append('\n')
                .append("installed=").append(installed).append('\n');
        if (systemd.equals("yes")) {
            sb.append("active=").append(active).append('\n').append("enabled=").append(enabled).append('\n')
                    .append("environment=").append(environment).append('\n');
        }
        sb.append("online=").append(online).append('\n')
                .append("@@netune irqbalance-defaults\n").append(defaults);
        if (dropIn == null) {
            sb.append("@@netune file ").append(DROP_IN).append(" absent\n");
        } else {
            sb.append("@@netune file ").append(DROP_IN).append(" present\n").append(dropIn).append('\n');
        }
        return sb.append("@@netune end\n").toString();
    }

    static HostPlan plan(IrqbalanceDesired desired, String gatherOutput) throws Exception {
        HostFacts facts = new Gather().add(IrqbalanceFacts.SOURCE).parse(gatherOutput);
        HostPlan.Builder b = new HostPlan.Builder();
        KIND.plan(desired, facts, b);
        return b.build();
    }

    /** The plan as `netune plan -v` shows it under a host's header: the production renderer, as the sysctl golden tests. */
    static String render(HostPlan p) {
        return new TextReport(false).plan(p, true);
    }

    private static final IrqbalanceDesired OFF = new IrqbalanceDesired(false, Optional.empty());
    private static final IrqbalanceDesired ON = new IrqbalanceDesired(true, Optional.empty());

    private static IrqbalanceDesired banned(String list) {
        return new IrqbalanceDesired(true, Optional.of(CpuSet.parseList(list)));
    }

    private static final String DROP_IN_0 = HEADER + "[Service]\nEnvironment=IRQBALANCE_BANNED_CPULIST=0\n";

    @Test
    void disablingARunningIrqbalance() throws Exception {
        HostPlan p = plan(OFF, gather("active", "enabled", null));
        assertEquals("""
                  ~ irqbalance service: active, enabled -> inactive, disabled  (IRQs stay on the CPUs they are on now;\
                 irqbalance no longer undoes IRQ affinity)
                  = irqbalance has no banned CPUs from netune, as wanted
                """, render(p));
        assertEquals(List.of(DROP_IN), p.unchanged().stream().map(NoOp::target).toList());
    }

    @Test
    void alreadyInactiveAndDisabledIsANoOpWithReason() throws Exception {
        HostPlan p = plan(OFF, gather("inactive", "disabled", null));
        assertFalse(p.hasChanges());
        assertEquals("irqbalance is already inactive and disabled", p.unchanged().get(1).reason());
        // a failed and masked irqbalance is stopped and will not start at boot either
        assertEquals("irqbalance is already failed and masked",
                plan(OFF, gather("failed", "masked", null)).unchanged().get(1).reason());
    }

    @Test
    void stoppedButStillEnabledIsAChange() throws Exception {
        assertEquals("""
                  ~ irqbalance service: inactive, enabled -> inactive, disabled  (IRQs stay on the CPUs they are on now;\
                 irqbalance no longer undoes IRQ affinity)
                """, render(plan(OFF, gather("inactive", "enabled", null))).lines().findFirst().orElseThrow() + "\n");
    }

    @Test
    void notInstalled() throws Exception {
        String absent = gather("yes", "no", "inactive", "", "", "0-1", null, "");
        assertEquals("  = irqbalance is not installed: nothing to stop\n", render(plan(OFF, absent)));
        assertEquals("  ! irqbalance service: irqbalance is not installed on this host; install the irqbalance"
                + " package or set irqbalance.enabled: false\n", render(plan(ON, absent)));
        assertEquals("  ! irqbalance service: irqbalance is not installed on this host; install the irqbalance"
                + " package or set irqbalance.enabled: false\n", render(plan(banned("0"), absent)));
    }

    @Test
    void withoutSystemdIrqbalanceIsNotManaged() throws Exception {
        String noSystemd = gather("no", "yes", "", "", "", "0-3", null, "");
        assertEquals("  ! irqbalance service: systemd is not running on this host; netune manages irqbalance"
                + " only as a systemd service\n", render(plan(OFF, noSystemd)));
    }

    @Test
    void banningCpuZeroWritesTheDropInAndRestartsTheRunningService() throws Exception {
        assertEquals("""
                  + irqbalance-dropin /etc/systemd/system/irqbalance.service.d/netune.conf  (irqbalance never places\
                 IRQs on CPUs 0)  (restarts irqbalance)
                      + # Managed by netune. Do not edit: `netune apply` rewrites this file.
                      + # Change the profile's irqbalance.bannedCpus instead; `netune drift` reports edits made here.
                      + [Service]
                      + Environment=IRQBALANCE_BANNED_CPULIST=0
                  = irqbalance is already active and enabled
                """, render(plan(banned("0"), gather("active", "enabled", null))));
    }

    @Test
    void reEnablingWithBannedCpusWritesTheDropInThenStartsIt() throws Exception {
        assertEquals("""
                  + irqbalance-dropin /etc/systemd/system/irqbalance.service.d/netune.conf  (irqbalance never places\
                 IRQs on CPUs 0)
                      + # Managed by netune. Do not edit: `netune apply` rewrites this file.
                      + # Change the profile's irqbalance.bannedCpus instead; `netune drift` reports edits made here.
                      + [Service]
                      + Environment=IRQBALANCE_BANNED_CPULIST=0
                  ~ irqbalance service: inactive, disabled -> active, enabled  (starts it with the new drop-in)
                """, render(plan(banned("0"), gather("inactive", "disabled", null))));
    }

    @Test
    void sameDropInIsANoOp() throws Exception {
        HostPlan p = plan(banned("0"), gather("active", "enabled", DROP_IN_0));
        assertEquals("""
                  = irqbalance already leaves CPUs 0 alone (/etc/systemd/system/irqbalance.service.d/netune.conf)
                  = irqbalance is already active and enabled
                """, render(p));
        assertEquals(List.of(DROP_IN, "service"), p.unchanged().stream().map(NoOp::target).toList());
    }

    @Test
    void otherBannedCpusUpdateTheDropIn() throws Exception {
        String plan = render(plan(banned("2-3"), gather("yes", "yes", "active", "enabled",
                "IRQBALANCE_BANNED_CPULIST=0", "0-7", DROP_IN_0, "")));
        assertTrue(plan.startsWith("  ~ irqbalance-dropin " + DROP_IN
                + "  (irqbalance never places IRQs on CPUs 2-3)  (restarts irqbalance)\n"), plan);
        assertTrue(plan.contains("\n      - Environment=IRQBALANCE_BANNED_CPULIST=0\n"), plan);
        assertTrue(plan.contains("\n      + Environment=IRQBALANCE_BANNED_CPULIST=2-3\n"), plan);
    }

    /** Issue #18: the removal was an update to "" and showed as "~" in text and "update" in JSON. */
    @Test
    void theDropInRemovalIsARemovalInEveryFormat() throws Exception {
        HostPlan p = plan(ON, gather("active", "enabled", DROP_IN_0));
        Change removal = p.changes().get(0);
        assertEquals(dev.netune.plan.Action.DELETE, removal.action());
        assertEquals(null, removal.after());
        assertEquals("  - irqbalance-dropin " + DROP_IN + " (removed)  (the profile bans no CPUs)\n",
                new TextReport(false).plan(p, false));
        dev.netune.engine.HostOutcome o = new dev.netune.engine.HostOutcome(
                dev.netune.engine.Target.local(dev.netune.profile.DesiredState.EMPTY),
                dev.netune.engine.HostStatus.CHANGES, null, p, List.of(), "");
        String json = JsonReport.render("plan", new dev.netune.report.Inputs(null, List.of(), null), List.of(o), false);
        assertEquals("delete", new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).path("hosts").get(0)
                .path("changes").get(0).path("action").asText(), json);
        assertTrue(JunitReport.drift(List.of(o)).contains("message=\"present but not wanted\""));
        assertEquals(Optional.of(new Change(ChangeKind.of("irqbalance-dropin"), DROP_IN, null, removal.before(),
                List.of("rollback"))), KIND.revert(removal), "undoing the removal creates the file again");
    }

    @Test
    void noBannedCpusRemovesAnExistingDropIn() throws Exception {
        HostPlan on = plan(ON, gather("active", "enabled", DROP_IN_0));
        assertEquals("""
                  - irqbalance-dropin /etc/systemd/system/irqbalance.service.d/netune.conf (removed)  (the profile bans no\
                 CPUs)
                  = irqbalance is already active and enabled
                """, render(on));
        assertEquals(DROP_IN_0.strip(), on.changes().get(0).before().strip(), "what the removal takes away, kept for a rollback");
        HostPlan off = plan(OFF, gather("active", "enabled", DROP_IN_0));
        assertEquals(List.of("irqbalance-dropin", "irqbalance"), off.changes().stream().map(c -> c.kind().name()).toList());
    }

    @Test
    void bannedCpusTheHostDoesNotHaveIsAPlanError() throws Exception {
        assertEquals("  ! irqbalance bannedCpus: bannedCpus 4 names CPU 4, which this host does not have"
                + " (online CPUs: 0-1)\n", render(plan(banned("4"), gather("active", "enabled", null))));
        assertEquals("  ! irqbalance bannedCpus: bannedCpus 1-5 names CPUs 2-5, which this host does not have"
                + " (online CPUs: 0-1)\n", render(plan(banned("1-5"), gather("active", "enabled", null))));
        // an offline CPU counts as missing: irqbalance cannot place IRQs there anyway
        assertEquals("  ! irqbalance bannedCpus: bannedCpus 2 names CPU 2, which this host does not have"
                + " (online CPUs: 0-1,3)\n", render(plan(banned("2"), gather("yes", "yes", "active", "enabled", "",
                "0-1,3", null, ""))));
    }

    @Test
    void banningEveryOnlineCpuIsAPlanError() throws Exception {
        assertEquals("  ! irqbalance bannedCpus: bannedCpus 0-1 bans every online CPU (0-1): irqbalance would"
                + " have no CPU to place IRQs on; leave at least one out\n",
                render(plan(banned("0-1"), gather("active", "enabled", null))));
    }

    @Test
    void unreadableOnlineCpusIsAPlanErrorOnlyWhenCpusAreBanned() throws Exception {
        String noSysfs = gather("yes", "yes", "active", "enabled", "", "", null, "");
        assertEquals("  ! irqbalance bannedCpus: cannot read the online CPUs from /sys/devices/system/cpu/online"
                + " (read '')\n", render(plan(banned("0"), noSysfs)));
        assertFalse(plan(ON, noSysfs).hasErrors());
    }

    @Test
    void maskedIrqbalanceCannotBeEnabled() throws Exception {
        assertEquals("  ! irqbalance service: irqbalance.service is masked, so it cannot be enabled; unmask it"
                + " first (systemctl unmask irqbalance) if it should run\n",
                render(plan(ON, gather("inactive", "masked", null))));
    }

    @Test
    void bannedCpusInEtcDefaultOverrideTheDropInSoTheyWarn() throws Exception {
        HostPlan p = plan(banned("0"), gather("yes", "yes", "active", "enabled", "", "0-3", null,
                "IRQBALANCE_BANNED_CPULIST=2-3\n"));
        assertEquals(List.of("/etc/default/irqbalance also bans CPUs (IRQBALANCE_BANNED_CPULIST=2-3) and systemd lets"
                + " its EnvironmentFile= override the drop-in's IRQBALANCE_BANNED_CPULIST; remove that line there"),
                p.warnings());
    }

    @Test
    void factsText() throws Exception {
        IrqbalanceFacts f = new Gather().add(IrqbalanceFacts.SOURCE).parse(gather("yes", "yes", "active", "enabled",
                "IRQBALANCE_BANNED_CPULIST=0", "0-1", DROP_IN_0, "")).get(IrqbalanceFacts.SOURCE);
        assertEquals("active, enabled; banned CPUs (netune drop-in): 0; online CPUs 0-1\n", f.toText());
        assertEquals("IRQBALANCE_BANNED_CPULIST=0", f.environment());
        IrqbalanceFacts none = new Gather().add(IrqbalanceFacts.SOURCE).parse(gather("yes", "no", "inactive", "", "",
                "0-1", null, "")).get(IrqbalanceFacts.SOURCE);
        assertEquals("not installed; online CPUs 0-1\n", none.toText());
    }

    // ---- apply script and verify

    private static Change dropInChange(String content) {
        return new Change(ChangeKind.of("irqbalance-dropin"), DROP_IN, null, content);
    }

    @Test
    void applyScriptDisables() {
        String s = KIND.applyScript(List.of(new Change(ChangeKind.of("irqbalance"), "service", "active, enabled", "inactive, disabled")));
        assertTrue(s.contains("netune_irqbalance_step 'service' 'systemctl' 'disable' '--now' 'irqbalance.service'\n"), s);
        assertFalse(s.contains("daemon-reload"), s);
        assertTrue(s.contains("echo '@@netune verify' 'irqbalance'\n"), s);
    }

    @Test
    void applyScriptWritesTheDropInReloadsThenEnablesAndRestarts() {
        String s = KIND.applyScript(List.of(dropInChange(DROP_IN_0),
                new Change(ChangeKind.of("irqbalance"), "service", "inactive, disabled", "active, enabled")));
        int write = s.indexOf("'Environment=IRQBALANCE_BANNED_CPULIST=0'");
        int reload = s.indexOf("netune_irqbalance_step 'reload' 'systemctl' 'daemon-reload'");
        int start = s.indexOf("netune_irqbalance_step 'service' 'netune_irqbalance_on' 'irqbalance.service'");
        assertTrue(write > 0 && write < reload && reload < start, s);
        assertTrue(s.contains("netune_irqbalance_on() { systemctl enable \"$1\" && systemctl restart \"$1\"; }"), s);
        assertTrue(s.contains("\nnetune_file_write '" + DROP_IN + "' '0644' "), "atomic write through OwnedFile: " + s);
        assertFalse(s.contains("try-restart"), s);
    }

    @Test
    void applyScriptRestartsARunningServiceAfterADropInChangeAlone() {
        String s = KIND.applyScript(List.of(new Change(ChangeKind.of("irqbalance-dropin"), DROP_IN, DROP_IN_0, null)));
        assertTrue(s.contains("\nnetune_file_remove '" + DROP_IN + "' 'dir'\n"), s);
        assertTrue(s.indexOf("daemon-reload") < s.indexOf("netune_irqbalance_step 'restart' 'systemctl' 'try-restart'"
                + " 'irqbalance.service'"), s);
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void applyScriptIsValidSh() throws Exception {
        String s = KIND.applyScript(List.of(dropInChange(DROP_IN_0),
                new Change(ChangeKind.of("irqbalance"), "service", "inactive, disabled", "active, enabled")));
        Process p = new ProcessBuilder("sh", "-n").redirectErrorStream(true).start();
        p.getOutputStream().write(s.getBytes());
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out + "\n" + s);
    }

    private static String state(String active, String enabled, String environment, String dropIn) {
        StringBuilder sb = new StringBuilder("@@netune verify irqbalance\nsystemd=yes\ninstalled=yes\nactive=")
                .append(active).append("\nenabled=").append(enabled).append("\nenvironment=").append(environment)
                .append("\nonline=0-1\n@@netune irqbalance-defaults\n");
        sb.append(dropIn == null ? "@@netune file " + DROP_IN + " absent\n"
                : "@@netune file " + DROP_IN + " present\n" + dropIn + "\n");
        return sb.toString();
    }

    private static List<ChangeResult> verify(List<Change> changes, String output) {
        return KIND.verify(changes, GatherOutput.split(output));
    }

    @Test
    void verifyDisabled() {
        Change c = new Change(ChangeKind.of("irqbalance"), "service", "active, enabled", "inactive, disabled");
        List<ChangeResult> r = verify(List.of(c), """
                @@netune applied irqbalance service ok
                Synchronizing state of irqbalance.service with SysV service script with /lib/systemd/systemd-sysv-install.
                Executing: /lib/systemd/systemd-sysv-install disable irqbalance
                Removed "/etc/systemd/system/multi-user.target.wants/irqbalance.service".
                """ + state("inactive", "disabled", "", null) + "@@netune end\n");
        assertEquals(List.of(new ChangeResult(c, true, "inactive, disabled", "stopped and disabled")), r);
    }

    @Test
    void verifyFailedCommandCarriesItsErrorText() {
        Change c = new Change(ChangeKind.of("irqbalance"), "service", "inactive, disabled", "active, enabled");
        List<ChangeResult> r = verify(List.of(c), """
                @@netune applied irqbalance service failed
                Job for irqbalance.service failed because the control process exited with error code.
                See "systemctl status irqbalance.service" and "journalctl -xeu irqbalance.service" for details.
                """ + state("failed", "enabled", "", null));
        assertFalse(r.get(0).ok());
        assertEquals("failed, enabled", r.get(0).actual());
        assertEquals("systemctl enable irqbalance && systemctl restart irqbalance failed: Job for irqbalance.service"
                + " failed because the control process exited with error code.\nSee \"systemctl status"
                + " irqbalance.service\" and \"journalctl -xeu irqbalance.service\" for details.", r.get(0).message());
    }

    @Test
    void verifyStartedButExitedIsAFailure() {
        // e.g. ConditionCPUs=>1 on a one-CPU host: restart succeeds, the unit stays inactive
        Change c = new Change(ChangeKind.of("irqbalance"), "service", "inactive, disabled", "active, enabled");
        List<ChangeResult> r = verify(List.of(c), "@@netune applied irqbalance service ok\n"
                + state("inactive", "enabled", "", null));
        assertEquals(new ChangeResult(c, false, "inactive, enabled", "irqbalance is inactive, enabled after systemctl"
                + " enable irqbalance && systemctl restart irqbalance; see journalctl -u irqbalance"), r.get(0));
    }

    @Test
    void verifyScriptStoppedEarly() {
        Change c = new Change(ChangeKind.of("irqbalance"), "service", "active, enabled", "inactive, disabled");
        Change d = dropInChange(DROP_IN_0);
        List<ChangeResult> r = verify(List.of(d, c), "");
        assertEquals("not applied: the apply script stopped before it", r.get(0).message());
        assertEquals(new ChangeResult(c, false, null, "not applied: the apply script stopped before it"), r.get(1));
    }

    @Test
    void verifyDropInWrittenReloadedAndSeenBySystemd() {
        Change d = dropInChange(DROP_IN_0);
        Change c = new Change(ChangeKind.of("irqbalance"), "service", "inactive, disabled", "active, enabled");
        String out = "@@netune applied file " + DROP_IN + " ok\n@@netune file " + DROP_IN + " present\n" + DROP_IN_0
                + "\n@@netune applied irqbalance reload ok\n\n@@netune applied irqbalance service ok\n\n"
                + state("active", "enabled", "IRQBALANCE_BANNED_CPULIST=0", DROP_IN_0) + "@@netune end\n";
        List<ChangeResult> r = verify(List.of(d, c), out);
        assertEquals(List.of(new ChangeResult(d, true, DROP_IN_0.strip(), "written; irqbalance leaves CPUs 0 alone"),
                new ChangeResult(c, true, "active, enabled", "enabled and started")), r);
    }

    @Test
    void verifyDropInNotSeenBySystemdFails() {
        Change d = dropInChange(DROP_IN_0);
        String out = "@@netune applied file " + DROP_IN + " ok\n@@netune file " + DROP_IN + " present\n" + DROP_IN_0
                + "\n@@netune applied irqbalance reload ok\n@@netune applied irqbalance restart ok\n"
                + state("active", "enabled", "", DROP_IN_0);
        ChangeResult r = verify(List.of(d), out).get(0);
        assertFalse(r.ok());
        assertEquals("written, but systemd does not pass IRQBALANCE_BANNED_CPULIST=0 to irqbalance (its Environment"
                + " is '')", r.message());
    }

    @Test
    void verifyDropInWriteOrReloadFailures() {
        Change d = dropInChange(DROP_IN_0);
        ChangeResult write = verify(List.of(d), "@@netune applied file " + DROP_IN + " failed\n"
                + "mkdir: cannot create directory '/etc/systemd/system/irqbalance.service.d': Read-only file system\n"
                + state("active", "enabled", "", null)).get(0);
        assertEquals("write failed: mkdir: cannot create directory '/etc/systemd/system/irqbalance.service.d':"
                + " Read-only file system", write.message());
        ChangeResult reload = verify(List.of(d), "@@netune applied file " + DROP_IN + " ok\n@@netune file " + DROP_IN
                + " present\n" + DROP_IN_0 + "\n@@netune applied irqbalance reload failed\nFailed to reload daemon:"
                + " Access denied\n" + state("active", "enabled", "", DROP_IN_0)).get(0);
        assertEquals("systemctl daemon-reload failed: Failed to reload daemon: Access denied", reload.message());
        assertFalse(reload.ok());
    }

    @Test
    void verifyDropInRemoved() {
        Change d = new Change(ChangeKind.of("irqbalance-dropin"), DROP_IN, DROP_IN_0, null);
        ChangeResult ok = verify(List.of(d), "@@netune applied file " + DROP_IN + " ok\n"
                + "@@netune applied irqbalance reload ok\n@@netune applied irqbalance restart ok\n"
                + state("active", "enabled", "", null)).get(0);
        assertEquals(new ChangeResult(d, true, "", "removed"), ok);
        ChangeResult still = verify(List.of(d), "@@netune applied file " + DROP_IN + " ok\n"
                + "@@netune applied irqbalance reload ok\n@@netune applied irqbalance restart ok\n"
                + state("active", "enabled", "IRQBALANCE_BANNED_CPULIST=0-1", null)).get(0);
        assertFalse(still.ok());
        assertTrue(still.message().startsWith("removed, but systemd still passes IRQBALANCE_BANNED_CPULIST"),
                still.message());
    }

    @Test
    void rollbackRestoresTheDropInAndAServiceStateNetuneCanSet() {
        IrqbalanceKind kind = new IrqbalanceKind();
        assertEquals(java.util.Optional.of(new Change(IrqbalanceKind.DROP_IN_KIND, IrqbalanceKind.DROP_IN, "mine", null,
                java.util.List.of("rollback"))),
                kind.revert(new Change(IrqbalanceKind.DROP_IN_KIND, IrqbalanceKind.DROP_IN, null, "mine")),
                "a drop-in the apply created is removed");
        assertEquals(java.util.Optional.of(new Change(IrqbalanceKind.DROP_IN_KIND, IrqbalanceKind.DROP_IN, null, "old",
                java.util.List.of("rollback"))),
                kind.revert(new Change(IrqbalanceKind.DROP_IN_KIND, IrqbalanceKind.DROP_IN, "old", null)));
        assertEquals(java.util.Optional.of(new Change(IrqbalanceKind.DROP_IN_KIND, IrqbalanceKind.DROP_IN, null, "old",
                java.util.List.of("rollback"))),
                kind.revert(new Change(IrqbalanceKind.DROP_IN_KIND, IrqbalanceKind.DROP_IN, "old", "")),
                "a snapshot of an earlier version recorded the removal as an empty after");
        assertEquals(java.util.Optional.of(new Change(IrqbalanceKind.KIND, IrqbalanceKind.SERVICE, IrqbalanceKind.OFF,
                IrqbalanceKind.ON, java.util.List.of("rollback"))),
                kind.revert(new Change(IrqbalanceKind.KIND, IrqbalanceKind.SERVICE, IrqbalanceKind.ON, IrqbalanceKind.OFF)));
        assertEquals(java.util.Optional.empty(), kind.revert(new Change(IrqbalanceKind.KIND, IrqbalanceKind.SERVICE,
                "inactive, enabled", IrqbalanceKind.OFF)), "not a state netune sets");
    }
}
