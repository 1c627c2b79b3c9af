package dev.netune.captures;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netune.text.Glob;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every directory of real captures under {@code src/test/resources/captures} says where each of
 * its files came from: its SOURCE.txt names every other file in it, literally, as a glob
 * ({@code this-host-*.txt}) or with shell braces ({@code eth0-ethtool-{i,g}.txt}). A capture is
 * evidence of what a real host prints only as far as its source is known.
 */
class CaptureProvenanceTest {
    private static final Path ROOT = Path.of("src/test/resources/captures");
    /** A word that could name files: letters, digits, and - _ . * ? { } , */
    private static final Pattern WORD = Pattern.compile("[A-Za-z0-9_.*?{},-]+");

    static Stream<Path> directories() throws IOException {
        try (Stream<Path> all = Files.walk(ROOT)) {
            List<Path> dirs = all.filter(Files::isDirectory).filter(CaptureProvenanceTest::holdsFiles).sorted().toList();
            assertTrue(dirs.size() > 3, "no captures found under " + ROOT.toAbsolutePath());
            return dirs.stream();
        }
    }

    private static boolean holdsFiles(Path dir) {
        try (Stream<Path> in = Files.list(dir)) {
            return in.anyMatch(Files::isRegularFile);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("directories")
    void sourceTxtNamesEveryCapture(Path dir) throws IOException {
        Path source = dir.resolve("SOURCE.txt");
        assertTrue(Files.isRegularFile(source), dir + " has captures but no SOURCE.txt saying where they came from");
        List<String> patterns = patterns(Files.readString(source, StandardCharsets.UTF_8));
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                String name = f.getFileName().toString();
                if (!name.equals("SOURCE.txt")) {
                    assertTrue(patterns.stream().anyMatch(p -> Glob.matches(p, name)),
                            source + " does not name " + name + " (nor a pattern for it)");
                }
            }
        }
    }

    /** The words of the text that look like file names (NAME.EXT), with {a,b} braces expanded. */
    static List<String> patterns(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = WORD.matcher(text);
        while (m.find()) {
            String w = m.group().replaceAll("[.,]+$", "");
            if (w.matches(".*\\.[A-Za-z]+")) { // a file name: a word with an extension
                out.addAll(expand(w));
            }
        }
        return out;
    }

    private static List<String> expand(String word) {
        int open = word.indexOf('{');
        int close = word.indexOf('}', open);
        if (open < 0 || close < 0) {
            return List.of(word);
        }
        List<String> out = new ArrayList<>();
        for (String alt : word.substring(open + 1, close).split(",", -1)) {
            out.addAll(expand(word.substring(0, open) + alt + word.substring(close + 1)));
        }
        return out;
    }
}
