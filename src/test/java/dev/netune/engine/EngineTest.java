package dev.netune.engine;

import dev.netune.plan.ChangeKind;
import dev.netune.kinds.Planner;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netune.fact.FactSource;
import dev.netune.fact.Gather;
import dev.netune.fact.HostFacts;
import dev.netune.inventory.Host;
import dev.netune.plan.Change;
import dev.netune.plan.HostPlan;
import dev.netune.plan.NoOp;
import dev.netune.profile.DesiredState;
import dev.netune.kinds.Kinds;
import dev.netune.setting.sysctl.SysctlDesired;
import dev.netune.setting.sysctl.SysctlKind;
import dev.netune.transport.SshOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** Engine planning: pure over parsed facts, and over this machine read-only. Never applies. */
class EngineTest {
    private static final SysctlKind SYSCTL = (SysctlKind) Kinds.all().stream()
            .filter(k -> k instanceof SysctlKind).findFirst().orElseThrow();
    private static final EngineOptions OPTIONS = new EngineOptions(4, SshOptions.defaults(), Duration.ofSeconds(60));

    private static DesiredState sysctls(String... kv) {
        Map<String, String> m = new TreeMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return DesiredState.EMPTY.with(SYSCTL, SysctlDesired.of(m));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static HostFacts facts(DesiredState desired, String sections) throws Exception {
        Gather g = new Gather();
        for (FactSource s : SYSCTL.facts(desired.get(SYSCTL).orElseThrow())) {
            g.add(s);
        }
        return g.parse("@@netune host\nhostname=web-1\nkernel=6.1.0-18-amd64\nuid=0\n" + sections + "@@netune end\n");
    }

    private static String kernel() throws Exception {
        try (var in = Files.newInputStream(Path.of("/proc/sys/kernel/osrelease"))) {
            return new String(in.readAllBytes()).strip();
        }
    }

    @Test
    void pureplanRunsEveryKindPresentInTheDesiredState() throws Exception {
        DesiredState want = sysctls("net.core.somaxconn", "8192", "net.ipv4.ip_local_port_range", "10000 65000");
        HostPlan p = Planner.plan(want, facts(want, """
                @@netune sysctl net.core.somaxconn present
                4096
                @@netune sysctl net.ipv4.ip_local_port_range present
                10000\t65000
                @@netune file /etc/sysctl.d/99-zz-netune.conf absent
                """));
        assertEquals(List.of("sysctl", "sysctl-file"), p.changes().stream().map(c -> c.kind().name()).toList());
        assertEquals(new Change(ChangeKind.of("sysctl"), "net.core.somaxconn", "4096", "8192",
                List.of("kernel default 4096 since 5.4, 128 before")), p.changes().get(0));
        assertEquals(List.of(new NoOp(ChangeKind.of("sysctl"), "net.ipv4.ip_local_port_range",
                "net.ipv4.ip_local_port_range is already 10000 65000")), p.unchanged());
        assertEquals(List.of(p.changes().get(0)), p.changesOf(ChangeKind.of("sysctl")));
        assertTrue(p.hasChanges());
        assertFalse(p.hasErrors());
    }

    @Test
    void emptyDesiredStatePlansNothing() throws Exception {
        HostFacts f = new Gather().parse("@@netune host\nuid=0\n@@netune end\n");
        assertEquals(new HostPlan(List.of(), List.of(), List.of(), List.of()), Planner.plan(DesiredState.EMPTY, f));
    }

    @Test
    void noTargetsNoWork() {
        assertEquals(List.of(), new Engine(OPTIONS, Progress.NONE).plan(List.of()));
        assertEquals(List.of(), new Engine(OPTIONS, Progress.NONE).facts(List.of()));
    }

    @Test
    void forksMustBePositive() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new EngineOptions(0, SshOptions.defaults(), Duration.ofSeconds(1)));
        assertEquals("--forks must be at least 1", e.getMessage());
    }

    @Test
    void errorStatuses() {
        List<HostStatus> errors = new ArrayList<>();
        for (HostStatus s : HostStatus.values()) {
            if (s.isError()) {
                errors.add(s);
            }
        }
        assertEquals(List.of(HostStatus.FAILED, HostStatus.UNREACHABLE, HostStatus.STALE), errors);
    }

    @Test
    void targets() {
        Target local = Target.local(DesiredState.EMPTY);
        assertTrue(local.isLocal());
        assertEquals("localhost (local)", local.describe());
        Host h = new Host("web-1", "10.0.0.11", 2201, "root", null, Path.of("/k"), false, List.of(), List.of());
        Target t = Target.of(h, DesiredState.EMPTY);
        assertFalse(t.isLocal());
        assertEquals("web-1", t.name());
        assertEquals("10.0.0.11:2201", t.address());
        assertEquals("web-1 (10.0.0.11:2201)", t.describe());
    }

    @Test
    void outcomeHelpersKeepFactsAndPlan() throws Exception {
        Target t = Target.local(DesiredState.EMPTY);
        HostOutcome failed = HostOutcome.failed(t, HostStatus.UNREACHABLE, "down");
        assertEquals(new HostOutcome(t, HostStatus.UNREACHABLE, null, null, List.of(), "down"), failed);
        HostPlan plan = new HostPlan(List.of(new Change(ChangeKind.of("sysctl"), "a.b", "1", "2")), List.of(), List.of(), List.of());
        HostOutcome planned = new HostOutcome(t, HostStatus.CHANGES, null, plan, List.of(), "");
        HostOutcome stale = planned.with(HostStatus.STALE, List.of(), "stale");
        assertEquals(HostStatus.STALE, stale.status());
        assertEquals(plan, stale.plan());
        assertEquals("stale", stale.message());
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void planOfThisMachineReadOnly() throws Exception {
        List<Object[]> calls = Collections.synchronizedList(new ArrayList<>());
        Engine engine = new Engine(OPTIONS, (o, done, total, failures) -> calls.add(new Object[] {o, done, total, failures}));
        String range;
        try (var in = Files.newInputStream(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))) {
            range = new String(in.readAllBytes()).strip().replaceAll("\\s+", " ");
        }
        List<HostOutcome> out = engine.plan(List.of(
                Target.local(sysctls("net.netune.no_such_key", "1", "net.ipv4.ip_local_port_range", range))));
        assertEquals(1, out.size());
        HostOutcome o = out.get(0);
        assertEquals(HostStatus.FAILED, o.status());
        assertEquals("1 plan error(s)", o.message());
        assertEquals("net.netune.no_such_key does not exist on this host (kernel " + kernel()
                + "); a module may be missing or the key misspelt", o.plan().errors().get(0).message());
        assertEquals(List.of(new NoOp(ChangeKind.of("sysctl"), "net.ipv4.ip_local_port_range",
                "net.ipv4.ip_local_port_range is already " + range)), o.plan().unchanged());
        assertEquals(List.of(), o.plan().changes()); // nothing persisted while a key is missing
        assertEquals(kernel(), o.facts().host().kernel());
        assertEquals(1, calls.size());
        assertEquals(List.of(o, 1, 1, 1), List.of(calls.get(0)));
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void factsOfThisMachine() throws Exception {
        List<HostOutcome> out = new Engine(OPTIONS, Progress.NONE).facts(List.of(Target.local(DesiredState.EMPTY)));
        HostOutcome o = out.get(0);
        assertEquals(HostStatus.OK, o.status());
        assertEquals("", o.message());
        assertNotNull(o.facts());
        assertTrue(o.facts().all().containsKey("host"), o.facts().all().keySet().toString());
        assertTrue(o.facts().all().containsKey("sysctl"), o.facts().all().keySet().toString());
        assertEquals(kernel(), o.facts().host().kernel());
        assertEquals(List.of(), o.plan().changes());
    }

    @Test
    void unreachableHostIsRecordedAndDoesNotStopOthers(@TempDir Path dir) throws Exception {
        Path known = dir.resolve("known_hosts");
        Files.writeString(known, "");
        Host closed = new Host("closed", "127.0.0.1", 1, "root", null, known, false, List.of(), List.of());
        List<HostOutcome> out = new Engine(new EngineOptions(2, new SshOptions(Duration.ofSeconds(5), false),
                Duration.ofSeconds(30)), Progress.NONE).plan(List.of(
                Target.of(closed, sysctls("net.core.somaxconn", "1")),
                Target.local(sysctls("net.netune.no_such_key", "1"))));
        assertEquals(2, out.size());
        assertEquals("closed", out.get(0).target().name());
        assertEquals(HostStatus.UNREACHABLE, out.get(0).status());
        assertNull(out.get(0).plan());
        assertNull(out.get(0).facts());
        assertFalse(out.get(0).message().isEmpty());
        assertEquals("localhost", out.get(1).target().name());
        assertEquals(HostStatus.FAILED, out.get(1).status());
    }
}
