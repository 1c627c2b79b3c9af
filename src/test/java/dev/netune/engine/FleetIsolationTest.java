package dev.netune.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netune.profile.DesiredState;
import dev.netune.kinds.Kinds;
import dev.netune.setting.nic.NicDesired;
import dev.netune.setting.nic.NicKind;
import dev.netune.setting.sysctl.SysctlDesired;
import dev.netune.setting.sysctl.SysctlKind;
import dev.netune.transport.SshOptions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * One host's faults stay that host's: odd output, or an exception anywhere in its work, ends as
 * its own outcome while the other hosts are planned and applied. Over {@link FakeHost}s only.
 */
class FleetIsolationTest {
    private static final SysctlKind SYSCTL = (SysctlKind) Kinds.all().stream()
            .filter(k -> k instanceof SysctlKind).findFirst().orElseThrow();
    private static final NicKind NIC = (NicKind) Kinds.all().stream()
            .filter(k -> k instanceof NicKind).findFirst().orElseThrow();
    /** somaxconn to 8192; an empty NIC section, so every NIC fact (interrupts, IRQ affinity) is read. */
    private static final DesiredState DESIRED = DesiredState.EMPTY
            .with(SYSCTL, SysctlDesired.of(Map.of("net.core.somaxconn", "8192")))
            .with(NIC, new NicDesired(List.of()));

    private final Map<String, FakeHost> hosts = new LinkedHashMap<>();

    private FakeHost host(String name) {
        FakeHost h = new FakeHost(name, Map.of("net.core.somaxconn", "4096"));
        hosts.put(name, h);
        return h;
    }

    private Engine engine(int forks) {
        return new Engine(new EngineOptions(forks, SshOptions.defaults(), Duration.ofSeconds(30)), Progress.NONE,
                (target, ssh) -> hosts.get(target.name()).connect());
    }

    private List<Target> targets() {
        return hosts.values().stream().map(h -> h.target(DESIRED)).toList();
    }

    private static void assertApplied(HostOutcome o, FakeHost h) {
        assertEquals(HostStatus.CHANGED, o.status(), o.message());
        assertEquals("8192", h.sysctls.get("net.core.somaxconn"));
    }

    @Test
    void absurdIrqNumbersAndBinaryGarbageInOneHostsOutputLeaveTheOthersApplied() {
        host("web-1");
        FakeHost odd = host("odd");
        host("web-3");
        // an IRQ number no int holds, in /proc/interrupts and in /proc/irq, and bytes that are no text at all
        odd.gatherOutput = out -> out
                .replace("  25:         3", "  99999999999:         3")
                .replace("\n25 0-1\n", "\n99999999999 0-1\n\u0000\u00ff\u00fe\ufffd\u0007garbage\u0001\n")
                .replace("@@netune nic-queues\n", "@@netune nic-queues\n\u0000\u0000\u00ff \u00ff\n");
        for (int forks : new int[] {1, 3}) {
            hosts.values().forEach(h -> h.sysctls.put("net.core.somaxconn", "4096"));
            Engine engine = engine(forks);
            List<HostOutcome> out = engine.apply(engine.planKeepingSessions(targets(), true)); // apply --yes
            assertEquals(List.of("web-1", "odd", "web-3"), out.stream().map(o -> o.target().name()).toList());
            assertApplied(out.get(0), hosts.get("web-1"));
            assertApplied(out.get(2), hosts.get("web-3"));
            // the unreadable lines are skipped, the rest of the host is planned as usual
            assertApplied(out.get(1), odd);
        }
    }

    @Test
    void anExceptionInOneHostsPlanIsThatHostsFailure() {
        host("web-1");
        FakeHost bad = host("bad");
        host("web-3");
        bad.throwOn.put("@@netune host", new IllegalStateException("boom"));
        Engine engine = engine(2);
        List<HostOutcome> out = engine.apply(engine.planKeepingSessions(targets(), true)); // apply --yes
        assertEquals(List.of("web-1", "bad", "web-3"), out.stream().map(o -> o.target().name()).toList());
        assertApplied(out.get(0), hosts.get("web-1"));
        assertApplied(out.get(2), hosts.get("web-3"));
        assertEquals(HostStatus.FAILED, out.get(1).status());
        assertEquals("internal error on bad (fake): java.lang.IllegalStateException: boom; other hosts unaffected",
                out.get(1).message());
        assertEquals(bad.opened.get(), bad.closed.get(), "the failed host's connection is closed");
        assertEquals("4096", bad.sysctls.get("net.core.somaxconn"));
    }

    @Test
    void anErrorInOneHostsApplyIsThatHostsFailureAndTheOthersAreApplied() {
        host("web-1");
        FakeHost bad = host("bad");
        host("web-3");
        bad.throwOn.put("netune_sysctl_set", new IllegalStateException("apply bug"));
        Engine engine = engine(3);
        List<Session> sessions = engine.planKeepingSessions(targets());
        sessions.forEach(s -> assertEquals(HostStatus.CHANGES, s.outcome().status(), s.outcome().message()));
        List<HostOutcome> out = engine.apply(sessions);
        assertEquals(List.of("web-1", "bad", "web-3"), out.stream().map(o -> o.target().name()).toList());
        assertApplied(out.get(0), hosts.get("web-1"));
        assertApplied(out.get(2), hosts.get("web-3"));
        assertEquals(HostStatus.FAILED, out.get(1).status());
        assertTrue(out.get(1).message().startsWith("internal error on bad (fake): java.lang.IllegalStateException:"
                + " apply bug; other hosts unaffected"), out.get(1).message());
        hosts.values().forEach(h -> assertEquals(h.opened.get(), h.closed.get(), h.name + " left open"));
    }

    @Test
    void anAssertionErrorIsIsolatedToo() {
        host("web-1");
        FakeHost bad = host("bad");
        // an Error, not a RuntimeException, thrown while the host's gather output is read
        bad.gatherOutput = s -> {
            throw new AssertionError("parser assumption");
        };
        List<HostOutcome> out = engine(1).plan(targets());
        assertEquals(HostStatus.CHANGES, out.get(0).status());
        assertEquals("internal error on bad (fake): java.lang.AssertionError: parser assumption; other hosts unaffected",
                out.get(1).message());
    }
}
