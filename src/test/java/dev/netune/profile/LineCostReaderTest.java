package dev.netune.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineCostReaderTest {
    private static final int MI = 1 << 20;

    /** Reads all of it through the reader, in SnakeYAML's 1 Ki chunks, and says how many chars came. */
    private static long drain(String text) throws IOException {
        long n = 0;
        try (Reader r = new LineCostReader(new StringReader(text))) {
            char[] buf = new char[1024];
            for (int k; (k = r.read(buf, 0, buf.length)) >= 0; ) {
                n += k;
            }
        }
        return n;
    }

    @Test
    void aFileOf32MiInLinesOf256KiPasses() throws IOException {
        String text = ("x".repeat(256 * 1024 - 1) + "\n").repeat(128);
        assertEquals(32L * MI, drain(text));
    }

    @Test
    void oneLineOf3MiIsTheMostThatPassesAlone() throws IOException {
        assertEquals(3L * MI, drain("x".repeat(3 * MI)));
        LineCostReader.TooCostlyException e = assertThrows(LineCostReader.TooCostlyException.class,
                () -> drain("x".repeat(3 * MI + 1)));
        assertEquals(1, e.line());
    }

    @Test
    void theLongLinesAddUpAndTheOneThatTipsItIsNamed() {
        // 9 lines of 1 Mi cost as much as one of 3 Mi; the tenth tips it
        String text = ("y".repeat(MI) + "\n").repeat(10);
        LineCostReader.TooCostlyException e = assertThrows(LineCostReader.TooCostlyException.class, () -> drain(text));
        assertEquals(10, e.line());
        // and a short line before them is enough to make the ninth tip it
        e = assertThrows(LineCostReader.TooCostlyException.class, () -> drain("short\n" + text));
        assertEquals(10, e.line());
    }

    @Test
    void aCarriageReturnEndsALineAsInYaml() throws IOException {
        String text = ("z".repeat(MI) + "\r").repeat(8);
        assertEquals(8L * MI + 8, drain(text));
        assertThrows(LineCostReader.TooCostlyException.class, () -> drain(text.replace('\r', ' ')));
    }

    @Test
    void aProfileWithLinesTooLongIsAProblemAtTheLineThatTippedIt() {
        // plain scalars broken by spaces: cheap for SnakeYAML to scan, so the test is quick. Each
        // item's line is 1 Mi + 1 characters long: the ninth item, on line 10, tips it.
        String item = "- " + "ab ".repeat(MI / 3) + "\n";
        String yaml = "list:\n" + item.repeat(10);
        Problems problems = new Problems();
        assertTrue(YamlComposer.compose(new StringReader(yaml), Path.of("big.yaml"), problems).isEmpty());
        List<String> found = problems.list().stream().map(Problem::format).toList();
        assertEquals(1, found.size(), found.toString());
        assertTrue(found.get(0).startsWith("big.yaml:10:1: lines too long for YAML"), found.get(0));
    }
}
