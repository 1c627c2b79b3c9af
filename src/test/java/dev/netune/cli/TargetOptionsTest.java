package dev.netune.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.netune.engine.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TargetOptionsTest {
    @TempDir
    Path dir;

    @Test
    void knownHostsOptionIsTheUsersFileForHostsThatNameNoneAndTheOnlyOneWritten() throws Exception {
        Path inv = Files.writeString(dir.resolve("inv.yaml"), """
                defaults: {sshConfig: none}
                hosts:
                  a: {address: 10.0.0.1}
                  b: {address: 10.0.0.2, knownHosts: fleet_known_hosts}
                """);
        TargetOptions options = new TargetOptions();
        options.inventory = inv;
        options.knownHosts = dir.resolve("mine");
        options.forks = 1;
        options.connectTimeout = 1;
        options.commandTimeout = 1;
        List<Target> targets = options.targetsWithoutProfiles();
        assertEquals(dir.resolve("mine"), targets.get(0).host().knownHosts());
        assertEquals(dir.resolve("fleet_known_hosts"), targets.get(1).host().knownHosts());
        assertEquals(dir.resolve("mine"), options.engineOptions().ssh().knownHosts());

        TargetOptions defaults = new TargetOptions();
        defaults.inventory = inv;
        defaults.forks = 1;
        defaults.connectTimeout = 1;
        defaults.commandTimeout = 1;
        Path home = Path.of(System.getProperty("user.home"), ".ssh", "known_hosts");
        assertEquals(home, defaults.targetsWithoutProfiles().get(0).host().knownHosts());
        assertEquals(home, defaults.engineOptions().ssh().knownHosts());
    }
}
