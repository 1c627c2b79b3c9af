package dev.netune.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netune.profile.DesiredState;
import dev.netune.kinds.Kinds;
import dev.netune.setting.sysctl.SysctlDesired;
import dev.netune.setting.sysctl.SysctlKind;
import dev.netune.transport.SshOptions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The run's deadline: hosts still working then are failed, their connections closed, the rest reported. */
class RunDeadlineTest {
    private static final SysctlKind SYSCTL = (SysctlKind) Kinds.all().stream()
            .filter(k -> k instanceof SysctlKind).findFirst().orElseThrow();
    private static final DesiredState DESIRED = DesiredState.EMPTY
            .with(SYSCTL, SysctlDesired.of(Map.of("net.core.somaxconn", "8192")));

    private final Map<String, FakeHost> hosts = new LinkedHashMap<>();

    private FakeHost host(String name) {
        FakeHost h = new FakeHost(name, Map.of("net.core.somaxconn", "4096"));
        hosts.put(name, h);
        return h;
    }

    /** Scripts may run 60 s each; the whole run has {@code deadline}. */
    private Engine engine(Duration deadline) {
        return new Engine(new EngineOptions(4, SshOptions.defaults(), Duration.ofSeconds(60)).withDeadline(deadline),
                Progress.NONE, (target, ssh) -> hosts.get(target.name()).connect());
    }

    private List<Target> targets() {
        return hosts.values().stream().map(h -> h.target(DESIRED)).toList();
    }

    @Test
    void aHostStillApplyingAtTheDeadlineIsFailedAndItsConnectionClosed() {
        host("web-1");
        FakeHost stuck = host("stuck");
        host("web-3");
        stuck.hangOn = "netune_sysctl_set";
        long t0 = System.nanoTime();
        Engine engine = engine(Duration.ofSeconds(2));
        List<HostOutcome> out = engine.apply(engine.planKeepingSessions(targets(), true)); // apply --yes
        long took = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(took < 10_000, "returned at the deadline, not at the 60 s script timeout: " + took + " ms");
        assertEquals(List.of("web-1", "stuck", "web-3"), out.stream().map(o -> o.target().name()).toList());
        assertEquals(HostStatus.CHANGED, out.get(0).status(), out.get(0).message());
        assertEquals(HostStatus.CHANGED, out.get(2).status(), out.get(2).message());
        assertEquals(HostStatus.FAILED, out.get(1).status());
        assertEquals("run deadline passed", out.get(1).message());
        assertEquals(1, stuck.opened.get());
        assertEquals(1, stuck.closed.get(), "its connection was closed");
    }

    @Test
    void sessionsKeptPastTheDeadlineAreClosedAndReportedNotApplied() throws Exception {
        host("web-1");
        host("web-2");
        Engine engine = engine(Duration.ofSeconds(1));
        List<Session> sessions = engine.planKeepingSessions(targets());
        sessions.forEach(s -> assertEquals(HostStatus.CHANGES, s.outcome().status()));
        Thread.sleep(1_500); // a prompt answered too late
        List<HostOutcome> out = engine.apply(sessions);
        assertEquals(List.of(HostStatus.FAILED, HostStatus.FAILED), out.stream().map(HostOutcome::status).toList());
        assertEquals("run deadline passed", out.get(0).message());
        hosts.values().forEach(h -> {
            assertEquals(0, h.applies.get(), h.name + " was not applied");
            assertEquals(h.opened.get(), h.closed.get(), h.name + " left open");
            assertEquals("4096", h.sysctls.get("net.core.somaxconn"));
        });
    }

    @Test
    void aHostHangingInItsPlanIsFailedAndTheOthersArePlanned() {
        host("web-1");
        FakeHost stuck = host("stuck");
        stuck.hangOn = "@@netune host";
        List<HostOutcome> out = engine(Duration.ofSeconds(2)).plan(targets());
        assertEquals(HostStatus.CHANGES, out.get(0).status());
        assertEquals(HostStatus.FAILED, out.get(1).status());
        assertEquals("run deadline passed", out.get(1).message());
        assertEquals(1, stuck.closed.get());
    }
}
