package dev.netune.inventory;

import dev.netune.inventory.AnsibleVar.Origin;
import dev.netune.profile.IoErrors;
import dev.netune.profile.Problem;
import dev.netune.profile.Problems;
import dev.netune.profile.ValidationException;
import dev.netune.profile.YamlNode;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Ansible inventories, so a fleet already described for Ansible needs no second inventory: one or
 * more sources as {@code ansible-inventory -i A -i B} reads them — INI and YAML files, the JSON
 * of {@code ansible-inventory --list}, executable inventory scripts (run with {@code --list}),
 * and directories of those — with the {@code group_vars/} and {@code host_vars/} beside each
 * source. Parsing is in {@link AnsibleIni} and {@link AnsibleYaml}, the group model and variable
 * precedence in {@link AnsibleModel}, connection variables in {@link AnsibleHosts}.
 */
final class AnsibleInventory {
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,252}");
    /** File endings Ansible skips in an inventory directory (INVENTORY_IGNORE_EXTS). */
    private static final List<String> IGNORED_ENDINGS = List.of(".pyc", ".pyo", ".swp", ".bak", "~", ".rpm", ".md",
            ".txt", ".rst", ".orig", ".ini", ".cfg", ".retry");
    private static final Set<String> IGNORED_NAMES = Set.of("host_vars", "group_vars", "vars_plugins");

    private final Problems problems;
    private final List<String> warnings;
    private final Connections connections;
    private final AnsibleModel model;
    private final AnsibleText text;

    AnsibleInventory(Problems problems, List<String> warnings, Connections connections) {
        this.problems = problems;
        this.warnings = warnings;
        this.connections = connections;
        this.model = new AnsibleModel(problems);
        this.text = new AnsibleText(model);
    }

    /** A host name: a name, or an IPv6 address (Ansible inventories list those as hosts too). */
    static void addHost(AnsibleModel model, String group, String name, Map<String, AnsibleVar> vars, Origin at) {
        if (!NAME.matcher(name).matches() && !(name.contains(":") && HostNames.problem(name) == null)) {
            model.problem(at, "host name '" + name + "' must be letters, digits, '.', '_' or '-' (or an IP address)");
            return;
        }
        model.addHost(group, name, vars, at);
    }

    // ---- detection ----

    /**
     * INI: a {@code .ini}/{@code .cfg} file, or one whose first line with content is a
     * {@code [section]} or a host line with {@code key=value} (YAML would not start so).
     */
    static boolean isIni(Path file, String text) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".ini") || name.endsWith(".cfg")) {
            return true;
        }
        if (name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json")) {
            return false;
        }
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";") || line.equals("---")) {
                continue;
            }
            if (line.startsWith("{")) {
                return false;
            }
            return line.startsWith("[") || !line.contains(":") || line.matches("[^\\s:]+(:\\d+)?(\\s+\\S+=.*)?");
        }
        return false;
    }

    /**
     * YAML in Ansible's shape: a top-level {@code all}, or top-level groups whose values only have
     * {@code hosts}, {@code children} and {@code vars}, or the JSON of {@code ansible-inventory
     * --list}. netune's own inventory has {@code defaults}, {@code groups} and {@code hosts}.
     */
    static boolean isYaml(YamlNode root) {
        if (!root.isMapping()) {
            return false;
        }
        Map<String, YamlNode> top = root.mapping();
        if (top.containsKey("all") || AnsibleYaml.isListShape(root)) {
            return true;
        }
        if (top.containsKey("defaults") || top.containsKey("groups") || top.isEmpty()) {
            return false;
        }
        for (YamlNode v : top.values()) {
            if (!v.isNull() && !(v.isMapping() && !v.mapping().isEmpty()
                    && Set.of("hosts", "children", "vars").containsAll(v.mapping().keySet()))) {
                return false;
            }
        }
        return true;
    }

    // ---- loading ----

    /** Loads every source in order, then the vars files beside each, then resolves the hosts. */
    Inventory load(List<Path> sources) throws ValidationException {
        for (Path source : sources) {
            if (Files.isDirectory(source)) {
                directory(source);
            } else {
                file(source);
            }
        }
        for (Path source : sources) {
            AnsibleVarsFiles.load(Files.isDirectory(source) ? source : source.getParent(), model, problems);
        }
        List<Host> out = new ArrayList<>();
        // relative paths in variables are relative to the first source (a directory: inside it)
        Path base = Files.isDirectory(sources.get(0)) ? sources.get(0).resolve("inventory") : sources.get(0);
        AnsibleHosts conversion = new AnsibleHosts(base, model, connections, warnings);
        for (AnsibleModel.Merged m : model.hosts()) {
            Host h = conversion.host(m);
            if (h != null) {
                out.add(h);
            }
        }
        problems.throwIfAny();
        return new Inventory(sources.get(0), out, warnings);
    }

    private void directory(Path dir) {
        List<Path> entries;
        try (Stream<Path> s = Files.list(dir)) {
            entries = s.sorted().toList();
        } catch (IOException e) {
            problems.add(new Problem(dir, 0, 0, "", "cannot read inventory directory: " + IoErrors.reason(e)));
            return;
        }
        for (Path p : entries) {
            String n = p.getFileName().toString();
            if (n.startsWith(".") || IGNORED_NAMES.contains(n) || IGNORED_ENDINGS.stream().anyMatch(n::endsWith)) {
                continue;
            }
            if (Files.isDirectory(p)) {
                directory(p);
            } else {
                file(p);
            }
        }
    }

    /**
     * Whether {@code f} is an inventory script: executable and starting with {@code #!} or as an
     * ELF binary. An executable bit alone is not enough (files on some mounts all have it): a YAML
     * or INI file is never run.
     */
    static boolean isScript(Path f) {
        if (!Files.isRegularFile(f) || !Files.isExecutable(f)) {
            return false;
        }
        try (java.io.InputStream in = Files.newInputStream(f)) {
            byte[] head = in.readNBytes(4);
            return (head.length >= 2 && head[0] == '#' && head[1] == '!')
                    || (head.length == 4 && head[0] == 0x7f && head[1] == 'E' && head[2] == 'L' && head[3] == 'F');
        } catch (IOException e) {
            return false;
        }
    }

    /** One file: a script when it is one, else JSON/YAML or INI by content. */
    void file(Path f) {
        if (isScript(f)) {
            new AnsibleScript(f, problems).load(new AnsibleYaml(f, model, text));
            return;
        }
        String content;
        try {
            content = Files.readString(f);
        } catch (IOException | java.io.UncheckedIOException e) {
            problems.add(new Problem(f, 0, 0, "", "cannot read: " + (e instanceof IOException io ? IoErrors.reason(io)
                    : "not text")));
            return;
        }
        loadText(f, content);
    }

    /** A source's text, INI or YAML/JSON. */
    void loadText(Path f, String content) {
        if (isIni(f, content)) {
            new AnsibleIni(f, model, text).load(content);
            return;
        }
        Optional<YamlNode> root = YamlNode.parse(new StringReader(content), f, problems);
        if (root.isEmpty() || root.get().isNull()) {
            return;
        }
        if (!root.get().isMapping()) {
            root.get().error("an Ansible inventory is a mapping of groups");
            return;
        }
        AnsibleYaml yaml = new AnsibleYaml(f, model, text);
        if (AnsibleYaml.isListShape(root.get())) {
            yaml.loadList(root.get());
        } else {
            yaml.load(root.get());
        }
    }
}
