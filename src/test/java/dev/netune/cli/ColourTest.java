package dev.netune.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class ColourTest {
    @TempDir
    Path dir;

    @Test
    void conventions() {
        Map<String, String> none = Map.of();
        assertTrue(Colour.enabled(Colour.When.auto, none, true), "a terminal");
        assertFalse(Colour.enabled(Colour.When.auto, none, false), "a pipe");
        assertFalse(Colour.enabled(Colour.When.auto, Map.of("NO_COLOR", "1"), true));
        assertTrue(Colour.enabled(Colour.When.auto, Map.of("NO_COLOR", ""), true), "NO_COLOR counts only when not empty");
        assertTrue(Colour.enabled(Colour.When.auto, Map.of("CLICOLOR_FORCE", "1"), false));
        assertFalse(Colour.enabled(Colour.When.auto, Map.of("CLICOLOR_FORCE", "0"), false));
        assertFalse(Colour.enabled(Colour.When.auto, Map.of("CLICOLOR_FORCE", "1", "NO_COLOR", "1"), false));
        assertTrue(Colour.enabled(Colour.When.always, Map.of("NO_COLOR", "1"), false), "--color always wins");
        assertFalse(Colour.enabled(Colour.When.never, Map.of("CLICOLOR_FORCE", "1"), true), "--color never wins");
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void colorOptionReachesTheReport() throws Exception {
        Path p = Files.writeString(dir.resolve("p.yaml"), "name: p\nsysctl:\n  net.netune.no_such_key: 1\n");
        CliRun always = CliRun.run("plan", "--color", "always", "-p", p.toString());
        assertTrue(always.out().contains("\u001b[31mFAILED\u001b[0m"), always.out());
        // the option is reset each run: the next one, not a terminal, has no colour
        CliRun auto = CliRun.run("plan", "-p", p.toString());
        assertFalse(auto.out().contains("\u001b["), auto.out());
        assertEquals(1, CliRun.run("plan", "--color", "sometimes", "-p", p.toString()).exit());
    }
}
