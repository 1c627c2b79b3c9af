package dev.netune.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A corpus of small file trees in one text resource: {@code === case} starts a case, {@code ---
 * path} a file of it (relative to the case's directory); {@code @DIR@} in a file stands for that
 * directory, so cases can use absolute paths.
 */
record ParityCorpus(String name, Map<String, String> files) {

    static List<ParityCorpus> load(String resource) throws IOException {
        String text;
        try (InputStream in = ParityCorpus.class.getResourceAsStream(resource)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<ParityCorpus> cases = new ArrayList<>();
        String name = null;
        Map<String, String> files = null;
        String file = null;
        StringBuilder body = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (line.startsWith("=== ") || line.startsWith("--- ")) {
                if (file != null) {
                    files.put(file, body.toString());
                }
                body.setLength(0);
                file = null;
                if (line.startsWith("=== ")) {
                    if (name != null) {
                        cases.add(new ParityCorpus(name, files));
                    }
                    name = line.substring(4).strip();
                    files = new LinkedHashMap<>();
                } else {
                    file = line.substring(4).strip();
                }
            } else if (file != null) {
                body.append(line).append('\n');
            }
        }
        if (file != null) {
            files.put(file, body.toString());
        }
        if (name != null) {
            cases.add(new ParityCorpus(name, files));
        }
        return cases;
    }

    /** Writes the case's files under {@code dir} with {@code @DIR@} replaced; returns {@code dir}. */
    Path write(Path dir) throws IOException {
        for (var e : files.entrySet()) {
            Path f = dir.resolve(e.getKey());
            Files.createDirectories(f.getParent());
            Files.writeString(f, e.getValue().replace("@DIR@", dir.toString()));
        }
        return dir;
    }

    /** Runs a command with a deadline; its stdout, or throws with its stderr. */
    static String run(Path cwd, List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile());
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Path err = Files.createTempFile("parity", ".err");
        Path outFile = Files.createTempFile("parity", ".out");
        pb.redirectError(err.toFile());
        pb.redirectOutput(outFile.toFile());
        Process p = pb.start();
        boolean done = p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
        byte[] out = Files.readAllBytes(outFile);
        Files.deleteIfExists(outFile);
        if (!done) {
            p.destroyForcibly();
            throw new IOException(command + " did not finish in 60 s");
        }
        String errText = Files.readString(err);
        Files.deleteIfExists(err);
        if (p.exitValue() != 0) {
            throw new IOException(command + " failed (" + p.exitValue() + "): " + errText);
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }
}
