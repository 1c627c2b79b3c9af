package dev.netune.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.netune.kinds.Kinds;
import dev.netune.profile.DesiredState;
import dev.netune.setting.sysctl.SysctlDesired;
import dev.netune.setting.sysctl.SysctlKind;
import dev.netune.transport.SshOptions;
import dev.netune.transport.TransportException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * apply --yes reads and applies a host in one execution: the gather's shell is held for the apply
 * script, and ended without one when the host needs nothing. An apply after a question holds
 * nothing: its hosts wait on a person. Over {@link FakeHost}s, which count what was held.
 */
class HeldApplyTest {
    private static final SysctlKind SYSCTL = (SysctlKind) Kinds.all().stream()
            .filter(k -> k instanceof SysctlKind).findFirst().orElseThrow();
    private static final DesiredState DESIRED = DesiredState.EMPTY
            .with(SYSCTL, SysctlDesired.of(Map.of("net.core.somaxconn", "8192")));

    private final Map<String, FakeHost> hosts = new LinkedHashMap<>();

    private FakeHost host(String name, String somaxconn) {
        FakeHost h = new FakeHost(name, Map.of("net.core.somaxconn", somaxconn));
        hosts.put(name, h);
        return h;
    }

    private Engine engine() {
        return new Engine(new EngineOptions(2, SshOptions.defaults(), Duration.ofSeconds(30)), Progress.NONE,
                (target, ssh) -> hosts.get(target.name()).connect());
    }

    /** One fork and at most {@code kept} connections kept from plan to apply. */
    private Engine engineKeeping(int kept) {
        return new Engine(new EngineOptions(1, SshOptions.defaults(), Duration.ofSeconds(30)), Progress.NONE,
                (target, ssh) -> hosts.get(target.name()).connect(), kept);
    }

    private List<Target> targets() {
        return hosts.values().stream().map(h -> h.target(DESIRED)).toList();
    }

    @Test
    void theApplyGoesToTheGathersShellAndAConvergedHostsShellIsEnded() {
        FakeHost drifted = host("drifted", "4096");
        FakeHost converged = host("converged", "8192");
        Engine engine = engine();
        List<HostOutcome> out = engine.apply(engine.planKeepingSessions(targets(), true));
        assertEquals(List.of(HostStatus.CHANGED, HostStatus.OK), out.stream().map(HostOutcome::status).toList());
        assertEquals("8192", drifted.sysctls.get("net.core.somaxconn"));
        assertEquals(List.of(1, 1, 0), counts(drifted), "held, the apply its follow-up");
        assertEquals(List.of(1, 0, 1), counts(converged), "held, then ended without a follow-up");
        hosts.values().forEach(h -> assertEquals(h.opened.get(), h.closed.get(), h.name + "'s connection closed"));
    }

    @Test
    void aStaleHostsShellIsEndedAndNothingApplied() {
        FakeHost stale = host("stale", "4096");
        Engine engine = engine();
        List<Session> sessions = engine.planKeepingSessions(targets(), true);
        Engine.override(sessions.get(0), HostStatus.STALE, "the saved plan went stale"); // as apply PLANFILE does
        List<HostOutcome> out = engine.apply(sessions);
        assertEquals(HostStatus.STALE, out.get(0).status());
        assertEquals("4096", stale.sysctls.get("net.core.somaxconn"));
        assertEquals(List.of(1, 0, 1), counts(stale));
    }

    @Test
    void anApplyAfterAQuestionHoldsNothing() {
        FakeHost drifted = host("drifted", "4096");
        Engine engine = engine();
        List<HostOutcome> out = engine.apply(engine.planKeepingSessions(targets()));
        assertEquals(HostStatus.CHANGED, out.get(0).status(), out.get(0).message());
        assertEquals("8192", drifted.sysctls.get("net.core.somaxconn"));
        assertEquals(List.of(0, 0, 0), counts(drifted));
    }

    @Test
    void onlyHostsWithChangesKeepAConnectionWhileThePlanIsRead() {
        FakeHost drifted = host("drifted", "4096");
        FakeHost converged = host("converged", "8192");
        Engine engine = engine();
        List<Session> sessions = engine.planKeepingSessions(targets());
        assertEquals(List.of(1, 1), List.of(converged.opened.get(), converged.closed.get()), "closed once planned");
        assertEquals(List.of(1, 0), List.of(drifted.opened.get(), drifted.closed.get()), "kept for its apply");
        engine.apply(sessions);
        assertEquals(1, drifted.closed.get());
        assertEquals(1, converged.closed.get(), "closed once");
    }

    /**
     * A fleet keeps at most the bound's connections from plan to apply (a socket and a reader
     * thread each): the hosts planned past it are closed at once, gather shell and all, and
     * connect again for their apply, whose script then runs on its own.
     */
    @Test
    void theHostsPlannedPastTheBoundConnectAgainToApply() {
        FakeHost first = host("first", "4096");
        FakeHost second = host("second", "4096");
        FakeHost third = host("third", "4096");
        Engine engine = engineKeeping(1);
        List<Session> sessions = engine.planKeepingSessions(targets(), true);
        assertEquals(List.of(true, false, false), sessions.stream().map(Session::connected).toList());
        assertEquals(List.of(HostStatus.CHANGES, HostStatus.CHANGES, HostStatus.CHANGES),
                sessions.stream().map(s -> s.outcome().status()).toList(), "each keeps its plan");
        assertEquals(List.of(1, 0), List.of(first.opened.get(), first.closed.get()), "kept for its apply");
        for (FakeHost h : List.of(second, third)) {
            assertEquals(List.of(1, 1), List.of(h.opened.get(), h.closed.get()), h.name + " closed once planned");
            assertEquals(List.of(1, 0, 1), counts(h), h.name + "'s gather shell ended with its connection");
        }
        List<HostOutcome> out = engine.apply(sessions);
        assertEquals(List.of(HostStatus.CHANGED, HostStatus.CHANGED, HostStatus.CHANGED),
                out.stream().map(HostOutcome::status).toList(), out.toString());
        hosts.values().forEach(h -> assertEquals("8192", h.sysctls.get("net.core.somaxconn"), h.name));
        assertEquals(List.of(1, 1, 0), counts(first), "applied in its held shell");
        assertEquals(List.of(2, 2), List.of(second.opened.get(), second.closed.get()), "connected again, closed");
        assertEquals(List.of(2, 2), List.of(third.opened.get(), third.closed.get()), "connected again, closed");
        assertEquals(1, first.closed.get());
    }

    @Test
    void aHostPlannedPastTheBoundThatCannotBeReachedAgainFailsAlone() {
        FakeHost first = host("first", "4096");
        FakeHost gone = host("gone", "4096");
        Engine engine = new Engine(new EngineOptions(1, SshOptions.defaults(), Duration.ofSeconds(30)), Progress.NONE,
                (target, ssh) -> {
                    FakeHost h = hosts.get(target.name());
                    if (h == gone && gone.opened.get() > 0) {
                        throw new TransportException(TransportException.Kind.UNREACHABLE, "gone: no route to host");
                    }
                    return h.connect();
                }, 1);
        List<HostOutcome> out = engine.apply(engine.planKeepingSessions(targets(), true));
        assertEquals(HostStatus.CHANGED, out.get(0).status());
        assertEquals(HostStatus.FAILED, out.get(1).status());
        assertEquals("gone: no route to host", out.get(1).message());
        assertEquals("4096", gone.sysctls.get("net.core.somaxconn"), "nothing applied");
        assertEquals("8192", first.sysctls.get("net.core.somaxconn"));
    }

    private static List<Integer> counts(FakeHost h) {
        return List.of(h.held.get(), h.followUps.get(), h.heldClosed.get());
    }
}
