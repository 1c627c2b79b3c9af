package dev.netune.it;

import dev.netune.engine.Session;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netune.engine.Engine;
import dev.netune.engine.EngineOptions;
import dev.netune.engine.HostOutcome;
import dev.netune.engine.HostStatus;
import dev.netune.engine.Progress;
import dev.netune.engine.Target;
import dev.netune.inventory.InventoryLoader;
import dev.netune.profile.DesiredState;
import dev.netune.profile.ProfileLoader;
import dev.netune.kinds.Kinds;
import dev.netune.testhost.Cli;
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
 * Snapshot before-values are the host's under the lock, not the plan's: a host changed between
 * plan and apply (an apply that waited at its prompt) is refused, and a rollback returns the
 * values the host really had.
 */
class BeforeValuesIT {
    @RegisterExtension
    static final SshdContainer HOST = new SshdContainer();

    @TempDir
    Path dir;

    private String sysctl(String key) {
        return HOST.exec("cat", "/proc/sys/" + key.replace('.', '/')).strip();
    }

    @Test
    void aHostChangedSincePlanningIsRefusedAndRollbackRestoresTheTrueBeforeValues() throws Exception {
        HOST.sh("echo 4096 > /proc/sys/net/core/somaxconn; echo 60 > /proc/sys/net/ipv4/tcp_fin_timeout;"
                + " rm -rf /etc/sysctl.d/99-zz-netune.conf /var/lib/netune");
        Path profile = Files.writeString(dir.resolve("p.yaml"),
                "sysctl:\n  net.core.somaxconn: 8192\n  net.ipv4.tcp_fin_timeout: 30\n");
        Path inv = Files.writeString(dir.resolve("inventory.yaml"), """
                defaults: {user: root, identityFile: %s, knownHosts: %s}
                hosts:
                  host-1: {address: 127.0.0.1, port: %d, profiles: [p.yaml]}
                """.formatted(HOST.identityFile(), HOST.knownHostsFile(), HOST.port()));
        DesiredState desired = ProfileLoader.merge(new ProfileLoader(Kinds.all()).loadAll(List.of(profile)));
        List<Target> targets = new InventoryLoader().load(inv).hosts().stream().map(h -> Target.of(h, desired)).toList();
        Engine engine = new Engine(new EngineOptions(2, SshOptions.defaults(), Duration.ofSeconds(60)), Progress.NONE);

        // planned and kept open, as an apply waiting at its prompt
        List<Session> sessions = engine.planKeepingSessions(targets);
        assertEquals(HostStatus.CHANGES, sessions.get(0).outcome().status(), sessions.get(0).outcome().message());
        HOST.sh("echo 2048 > /proc/sys/net/core/somaxconn"); // meanwhile, someone else
        HostOutcome refused = engine.apply(sessions).get(0);
        assertEquals(HostStatus.STALE, refused.status(), refused.message());
        assertEquals("host-1 changed since it was planned: net.core.somaxconn is now 2048, the plan expected 4096;"
                + " nothing changed, plan again", refused.message());
        assertEquals("2048", sysctl("net.core.somaxconn"));
        assertEquals("60", sysctl("net.ipv4.tcp_fin_timeout"), "nothing changed");
        assertEquals("", HOST.sh("ls /var/lib/netune/snapshots 2>/dev/null; ls /etc/sysctl.d/99-zz-netune.conf 2>/dev/null;"
                + " true").strip(), "no snapshot saved, no file written");

        Cli.Result apply = Cli.run("apply", "-i", inv.toString(), "--yes");
        assertEquals(0, apply.exit(), apply::toString);
        assertEquals("8192", sysctl("net.core.somaxconn"));
        assertEquals("30", sysctl("net.ipv4.tcp_fin_timeout"));
        assertTrue(HOST.sh("cat /var/lib/netune/snapshots/*.json").contains("\"before\":\"2048\""),
                "the snapshot holds the value the host had under the lock");

        Cli.Result rollback = Cli.run("rollback", "-i", inv.toString(), "--yes");
        assertEquals(0, rollback.exit(), rollback::toString);
        assertEquals("2048", sysctl("net.core.somaxconn"));
        assertEquals("60", sysctl("net.ipv4.tcp_fin_timeout"));
    }
}
