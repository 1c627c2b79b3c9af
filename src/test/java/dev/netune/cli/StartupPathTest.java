package dev.netune.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a short run loads, in a JVM of its own with the launchers' flags: a {@code validate} and a
 * {@code plan} of this machine (read only) load no class that costs a short run much on first use
 * and that they do not need (STYLE.md, "Start-up"): {@code java.lang.runtime.ObjectMethods}, which
 * a record's generated equals, hashCode or toString bootstraps through (5-35 ms of spun
 * method-handle classes on first call, measured), and Jackson, which only apply, JSON reports and
 * snapshots need; SnakeYAML's mapping to and from Java objects (its constructor and representer),
 * which composing a node graph does not need (about 30 ms of a fresh JVM's class loading); and a
 * plain {@code validate} loads no picocli ({@link Main#plainValidate}).
 */
class StartupPathTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"validate profiles/web-server.yaml", "plan -p bench/profiles/sysctl-bench.yaml"})
    void aShortRunLoadsNoRecordMethodBootstrapJacksonNorYamlObjectMapping(String command) throws Exception {
        Path log = dir.resolve("classes.log");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xlog:class+load=info:file=" + log,
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(command.split(" ")));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("out").toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "still running after 120 s: " + command);
        String out = Files.readString(dir.resolve("out"));
        assertTrue(p.exitValue() == ExitCodes.OK || p.exitValue() == ExitCodes.CHANGES, p.exitValue() + ": " + out);
        List<String> loaded = Files.readAllLines(log);
        assertTrue(loaded.size() > 500, "the class log lists what was loaded: " + loaded.size());
        assertEquals(List.of(), loaded.stream().filter(l -> l.contains(" java.lang.runtime.ObjectMethods ")).toList(),
                "a record's generated equals/hashCode/toString on the path of " + command
                        + " (find it with -XX:+UnlockDiagnosticVMOptions -XX:+LogTouchedMethods -XX:+PrintTouchedMethodsAtExit"
                        + " and write the method out)");
        assertEquals(List.of(), loaded.stream().filter(l -> l.contains(" com.fasterxml.jackson.")).limit(3).toList(),
                "Jackson on the path of " + command);
        assertEquals(List.of(), loaded.stream().filter(l -> l.contains(" org.yaml.snakeyaml.constructor.")
                || l.contains(" org.yaml.snakeyaml.representer.")).limit(3).toList(),
                "SnakeYAML's object mapping on the path of " + command + " (compose with YamlComposer.composeNode)");
        if (command.startsWith("validate ")) { // Main.plainValidate: no command-line model to build
            assertEquals(List.of(), loaded.stream().filter(l -> l.contains(" picocli.")).limit(3).toList(),
                    "picocli on the path of " + command);
        }
    }
}
