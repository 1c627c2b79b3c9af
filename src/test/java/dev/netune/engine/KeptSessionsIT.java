package dev.netune.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netune.inventory.InventoryLoader;
import dev.netune.kinds.Kinds;
import dev.netune.profile.DesiredState;
import dev.netune.profile.ProfileLoader;
import dev.netune.testhost.SshdContainer;
import dev.netune.transport.SshOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bound on connections kept from plan to apply, against real sshd: with room for one, the
 * host planned second is closed once planned and connects again for its apply, which then runs,
 * under the lock and with its before-check, in a shell of its own. Connections are counted from
 * sshd's own log ("Accepted publickey").
 */
class KeptSessionsIT {
    @RegisterExtension
    static final SshdContainer FIRST = new SshdContainer();
    @RegisterExtension
    static final SshdContainer SECOND = new SshdContainer();

    @TempDir
    Path dir;

    private static long logins(SshdContainer host) {
        return host.container().getLogs().lines().filter(l -> l.contains("Accepted publickey")).count();
    }

    @Test
    void theHostPlannedPastTheBoundConnectsAgainAndIsApplied() throws Exception {
        for (SshdContainer h : List.of(FIRST, SECOND)) {
            h.sh("echo 4096 > /proc/sys/net/core/somaxconn; rm -rf /etc/sysctl.d/99-zz-netune.conf /var/lib/netune");
        }
        Path profile = Files.writeString(dir.resolve("p.yaml"), "sysctl:\n  net.core.somaxconn: 8192\n");
        Path knownHosts = Files.writeString(dir.resolve("known_hosts"),
                Files.readString(FIRST.knownHostsFile()) + Files.readString(SECOND.knownHostsFile()));
        Path inv = Files.writeString(dir.resolve("inventory.yaml"), """
                defaults: {user: root, identityFile: %s, knownHosts: %s}
                hosts:
                  first: {address: 127.0.0.1, port: %d}
                  second: {address: 127.0.0.1, port: %d}
                """.formatted(FIRST.identityFile(), knownHosts, FIRST.port(), SECOND.port()));
        DesiredState desired = ProfileLoader.merge(new ProfileLoader(Kinds.all()).loadAll(List.of(profile)));
        List<Target> targets = new InventoryLoader().load(inv).hosts().stream().map(h -> Target.of(h, desired)).toList();
        // one fork, so the hosts are planned in inventory order; room for one kept connection
        Engine engine = new Engine(new EngineOptions(1, SshOptions.defaults(), Duration.ofSeconds(60)), Progress.NONE,
                Connector.DEFAULT, 1);
        long firstBefore = logins(FIRST);
        long secondBefore = logins(SECOND);

        List<Session> sessions = engine.planKeepingSessions(targets, true);
        assertEquals(List.of(true, false), sessions.stream().map(Session::connected).toList());
        List<HostOutcome> out = engine.apply(sessions);

        assertEquals(List.of(HostStatus.CHANGED, HostStatus.CHANGED), out.stream().map(HostOutcome::status).toList(),
                out.toString());
        for (SshdContainer h : List.of(FIRST, SECOND)) {
            assertEquals("8192", h.exec("cat", "/proc/sys/net/core/somaxconn").strip());
            assertTrue(h.sh("cat /var/lib/netune/snapshots/*.json").contains("\"before\":\"4096\""), "snapshot saved");
        }
        assertEquals(1, logins(FIRST) - firstBefore, "planned and applied over one connection");
        assertEquals(2, logins(SECOND) - secondBefore, "closed once planned, connected again to apply");
    }
}
