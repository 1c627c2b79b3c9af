package dev.netune.setting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netune.fact.GatherOutput;
import dev.netune.fact.Section;
import dev.netune.plan.Change;
import dev.netune.plan.ChangeKind;
import dev.netune.transport.ExecResult;
import dev.netune.transport.LocalTransport;
import dev.netune.transport.ShellScript;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OwnedFile's scripts run by this machine's {@code sh} on files in a temporary directory: what
 * they leave on disk, and that OwnedFile's parsers read their output back. Content and paths
 * are hostile (quotes, $, backticks), so a quoting mistake shows as a wrong file.
 */
class OwnedFileScriptTest {
    private static final ChangeKind KIND = ChangeKind.of("limits-file");
    private static final String CONTENT = OwnedFile.header("the profile") + "\nx = 'it''s' $(id) `id` \"q\"\n";

    @TempDir
    Path dir;

    private static String run(String script) throws Exception {
        ExecResult r = new LocalTransport().run(script, Duration.ofSeconds(20));
        assertEquals(0, r.exitCode(), r.toString());
        return r.stdout();
    }

    private static List<Section> sh(String script) throws Exception {
        return GatherOutput.split(run(script));
    }

    @Test
    void aWriteCreatesTheDirectoryWritesAtomicallyWithItsModeAndReadsBack() throws Exception {
        // markers split on spaces, so paths have none (netune's own never do)
        Path file = dir.resolve("a$(b)`c`/c'd.conf");
        List<Section> out = sh(OwnedFile.writeScript(file.toString(), CONTENT, "0640"));
        assertEquals(CONTENT, Files.readString(file));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        try (var left = Files.list(file.getParent())) {
            assertEquals(1, left.count(), "no temporary file left beside it");
        }
        Change c = new Change(KIND, file.toString(), null, CONTENT);
        ChangeResult r = OwnedFile.verify(c, out);
        assertTrue(r.ok(), r.toString());
        assertEquals("written", r.message());
    }

    @Test
    void aFileOfMode0644GetsItFromTheUmaskWhateverTheScriptsUmaskWas() throws Exception {
        Path file = dir.resolve("f.conf");
        sh("umask 077\n" + OwnedFile.writeScript(file.toString(), CONTENT, "0644") + "umask\n");
        assertEquals(CONTENT, Files.readString(file));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertTrue(run("umask 077\n" + OwnedFile.writeScript(file.toString(), CONTENT, "0644") + "umask\n").endsWith("077\n"),
                "the script's own umask is left as it was");
    }

    @Test
    void temporariesAKilledWriteLeftAreRemovedAndALinkAmongThemIsNotFollowed() throws Exception {
        Path file = dir.resolve("f.conf");
        Path victim = Files.writeString(dir.resolve("victim"), "mine\n");
        Files.writeString(dir.resolve(".netune.f.conf.12345"), "half a fi");
        Files.createSymbolicLink(dir.resolve(".netune.f.conf.54321"), victim);
        Files.writeString(dir.resolve(".netune.other.conf.1"), "another file's");
        List<Section> out = sh(OwnedFile.writeScript(file.toString(), CONTENT, "0644"));
        assertEquals(Optional.of(true), OwnedFile.written(file.toString(), out));
        assertEquals(CONTENT, Files.readString(file));
        assertEquals("mine\n", Files.readString(victim));
        try (var left = Files.list(dir)) {
            assertEquals(List.of(".netune.other.conf.1", "f.conf", "victim"),
                    left.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void aWriteThatFailsSaysWhy() throws Exception {
        Files.writeString(dir.resolve("plain"), "");
        String path = dir.resolve("plain/sub.conf").toString(); // under a regular file
        List<Section> out = sh(OwnedFile.writeScript(path, CONTENT, "0644"));
        assertEquals(Optional.of(false), OwnedFile.written(path, out));
        assertFalse(OwnedFile.writeError(path, out).isEmpty());
        assertFalse(OwnedFile.verify(new Change(KIND, path, null, CONTENT), out).ok());
    }

    @Test
    void theGatherReadsAFileAsPresentOrAbsent() throws Exception {
        Path file = dir.resolve("f.conf");
        assertEquals(Optional.empty(), OwnedFile.parse(file.toString(), sh(OwnedFile.readScript(file.toString()))));
        Files.writeString(file, CONTENT);
        assertEquals(Optional.of(CONTENT.strip()), OwnedFile.parse(file.toString(), sh(OwnedFile.readScript(file.toString())))
                .map(String::strip));
    }

    @Test
    void aFileIsReadBackAsCatPrintsItWithoutStartingCat() throws Exception {
        Path file = dir.resolve("f.conf");
        String tricky = "  leading spaces\n\ta tab \\t and \\\\ backslashes\n-n\n%s %d\n\n\nempty lines above\n";
        Files.writeString(file, tricky);
        String lines = ShellScript.library("file-read") + ShellScript.call("netune_file_lines", file.toString());
        assertEquals(tricky, run(lines));
        Files.writeString(file, "no final newline");
        assertEquals("no final newline\n", run(lines));
        // with PATH=/nonexistent no cat could be found
        Files.writeString(file, tricky);
        assertEquals(Optional.of(tricky.strip()), OwnedFile.parse(file.toString(),
                sh("PATH=/nonexistent\n" + OwnedFile.readScript(file.toString()))).map(String::strip));
    }

    @Test
    void aRemovalOfAFileNetuneCreatedRemovesItAndItsEmptyDirectoryOnlyWhenAsked() throws Exception {
        Path file = dir.resolve("d/f.conf");
        Files.createDirectories(file.getParent());
        Files.writeString(file, CONTENT);
        List<Section> out = sh(OwnedFile.writeScript(file.toString(), null, "0644"));
        assertTrue(OwnedFile.verify(new Change(KIND, file.toString(), CONTENT, null), out).ok());
        assertFalse(Files.exists(file));
        assertTrue(Files.isDirectory(file.getParent()));
        Files.writeString(file, CONTENT);
        assertEquals(Optional.of(true), OwnedFile.written(file.toString(), sh(OwnedFile.removeScript(file.toString(), true))));
        assertFalse(Files.exists(file.getParent()));
    }

    @Test
    void theBeforeCheckStopsTheScriptWhenTheFileChangedAndOnlyThen() throws Exception {
        Path file = dir.resolve("f.conf");
        String after = "echo went-on\n";
        // absent as planned, then present although planned absent
        assertEquals("went-on\n", run(OwnedFile.expectScript(KIND, file.toString(), null) + after));
        Files.writeString(file, CONTENT + "\n\n");
        List<Section> stale = sh(OwnedFile.expectScript(KIND, file.toString(), null) + after);
        assertEquals(List.of("stale"), stale.stream().map(Section::kind).toList());
        assertEquals("limits-file\n" + file + "\n(present)", stale.get(0).body());
        // the same content (final newlines aside) holds; another does not
        assertEquals("went-on\n", run(OwnedFile.expectScript(KIND, file.toString(), CONTENT) + after));
        Files.writeString(file, "edited\n");
        stale = sh(OwnedFile.expectScript(KIND, file.toString(), CONTENT) + after);
        assertEquals("limits-file\n" + file + "\nedited", stale.get(0).body());
        Files.delete(file);
        stale = sh(OwnedFile.expectScript(KIND, file.toString(), CONTENT) + after);
        assertEquals("limits-file\n" + file + "\n(absent)", stale.get(0).body());
    }
}
