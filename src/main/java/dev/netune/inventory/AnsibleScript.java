package dev.netune.inventory;

import dev.netune.profile.Problem;
import dev.netune.profile.Problems;
import dev.netune.profile.YamlNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * An executable inventory source, run as Ansible's script plugin runs it: {@code SCRIPT --list}
 * prints the inventory as JSON; when that has no {@code _meta.hostvars}, {@code SCRIPT --host
 * NAME} prints each host's variables. Each run has a deadline and a bound on its output, and
 * gets no stdin.
 */
final class AnsibleScript {
    private static final long DEADLINE_SECONDS = 60;
    private static final int MAX_OUTPUT = 64 << 20;

    private final Path script;
    private final Problems problems;

    AnsibleScript(Path script, Problems problems) {
        this.script = script;
        this.problems = problems;
    }

    void load(AnsibleYaml into) {
        Optional<YamlNode> list = run("--list");
        if (list.isEmpty()) {
            return;
        }
        if (!list.get().isMapping()) {
            problem("--list did not print a JSON object");
            return;
        }
        into.loadList(list.get());
        YamlNode meta = list.get().mapping().get("_meta");
        if (meta == null || !meta.isMapping() || !meta.mapping().containsKey("hostvars")) {
            List<String> hosts = new ArrayList<>();
            for (var g : list.get().mapping().entrySet()) {
                YamlNode h = g.getValue().isSequence() ? g.getValue()
                        : g.getValue().isMapping() ? g.getValue().mapping().get("hosts") : null;
                if (h != null && h.isSequence()) {
                    h.stringList().stream().filter(n -> !hosts.contains(n)).forEach(hosts::add);
                }
            }
            for (String h : hosts) {
                run("--host", h).ifPresent(vars -> into.hostVars(h, vars));
            }
        }
    }

    private Optional<YamlNode> run(String... args) {
        List<String> command = new ArrayList<>(List.of(script.toString()));
        command.addAll(List.of(args));
        Path out = null;
        try {
            out = Files.createTempFile("netune-inventory", ".json");
            ProcessBuilder pb = new ProcessBuilder(command).directory(script.toAbsolutePath().getParent().toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD);
            Process p = pb.start();
            if (!p.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                problem(String.join(" ", args) + " did not finish within " + DEADLINE_SECONDS + " s");
                return Optional.empty();
            }
            if (p.exitValue() != 0) {
                problem(String.join(" ", args) + " failed with exit code " + p.exitValue());
                return Optional.empty();
            }
            if (Files.size(out) > MAX_OUTPUT) {
                problem(String.join(" ", args) + " printed more than " + (MAX_OUTPUT >> 20) + " MiB");
                return Optional.empty();
            }
            String text;
            try (InputStream in = Files.newInputStream(out)) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            return YamlNode.parse(new StringReader(text), script, problems);
        } catch (IOException e) {
            problem("cannot run: " + e.getMessage());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException ignored) {
                    // a temporary file left behind is harmless
                }
            }
        }
    }

    private void problem(String message) {
        problems.add(new Problem(script, 0, 0, "", "inventory script " + message));
    }
}
