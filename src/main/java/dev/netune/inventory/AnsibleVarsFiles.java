package dev.netune.inventory;

import dev.netune.profile.Problems;
import dev.netune.profile.YamlNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code group_vars/} and {@code host_vars/} beside an inventory source, found as Ansible's
 * host_group_vars plugin finds them: for a name, the first of {@code NAME}, {@code NAME.yml},
 * {@code NAME.yaml}, {@code NAME.json} that exists; a directory is read whole (sorted, recursively,
 * files without extension or with one of those), a later file overriding an earlier one.
 */
final class AnsibleVarsFiles {
    private static final List<String> EXTENSIONS = List.of("", ".yml", ".yaml", ".json");

    private AnsibleVarsFiles() {
    }

    /** Reads the group_vars and host_vars of {@code basedir} into the model's file layer. */
    static void load(Path basedir, AnsibleModel model, Problems problems) {
        Path groupVars = basedir.resolve("group_vars");
        Path hostVars = basedir.resolve("host_vars");
        if (Files.isDirectory(groupVars)) {
            for (AnsibleModel.Group g : model.groups.values()) {
                for (Path f : files(groupVars, g.name)) {
                    read(f, problems).ifPresent(vars -> g.fileVars.putAll(vars));
                }
            }
        }
        if (Files.isDirectory(hostVars)) {
            for (AnsibleModel.HostDef h : model.hosts.values()) {
                for (Path f : files(hostVars, h.name)) {
                    read(f, problems).ifPresent(vars -> h.fileVars.putAll(vars));
                }
            }
        }
    }

    private static List<Path> files(Path dir, String name) {
        for (String ext : EXTENSIONS) {
            Path p = dir.resolve(name + ext);
            if (Files.isDirectory(p)) {
                return dirFiles(p);
            }
            if (Files.isRegularFile(p)) {
                return List.of(p);
            }
        }
        return List.of();
    }

    private static List<Path> dirFiles(Path dir) {
        List<Path> out = new ArrayList<>();
        List<Path> entries;
        try (Stream<Path> s = Files.list(dir)) {
            entries = s.sorted().toList();
        } catch (IOException e) {
            return out;
        }
        for (Path p : entries) {
            String n = p.getFileName().toString();
            if (n.startsWith(".") || n.endsWith("~")) {
                continue;
            }
            int dot = n.lastIndexOf('.');
            String ext = dot <= 0 ? "" : n.substring(dot);
            if (Files.isDirectory(p) && ext.isEmpty()) {
                out.addAll(dirFiles(p));
            } else if (Files.isRegularFile(p) && EXTENSIONS.contains(ext)) {
                out.add(p);
            }
        }
        return out;
    }

    private static java.util.Optional<Map<String, AnsibleVar>> read(Path f, Problems problems) {
        java.util.Optional<YamlNode> root = YamlNode.parse(f, problems);
        if (root.isEmpty() || root.get().isNull()) {
            return java.util.Optional.empty();
        }
        if (!root.get().isMapping()) {
            root.get().error("a vars file holds a mapping of variable names to values");
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(AnsibleYaml.vars(root.get()));
    }
}
