package dev.netune.cli;

import dev.netune.profile.Profile;
import dev.netune.report.SafeText;
import dev.netune.profile.ProfileLoader;
import dev.netune.profile.Variables;
import dev.netune.kinds.Kinds;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.CollectionNode;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * Prints each setting of a profile (and of the profiles it extends) with the reason given by the
 * comment lines directly above its key in the YAML source; contacts no host.
 */
@Command(name = "explain", mixinStandardHelpOptions = true, description = "Print each setting of a profile with the why and cost its comments give.")
final class ExplainCommand implements Callable<Integer> {
    static final String NO_EXPLANATION = "(no explanation in the profile)";
    private static final List<String> META_KEYS = List.of("name", "description", "extends");

    @Parameters(paramLabel = "PROFILE", arity = "1..*", description = "Profile files.")
    List<Path> files;

    @picocli.CommandLine.Option(names = {"-i", "--inventory"}, paramLabel = "INVENTORY",
            description = "For profiles with variables ($${vars.NAME}): check them with this inventory's hosts.")
    Path inventory;

    @Override
    public Integer call() throws Exception {
        Variables vars = Variables.NONE;
        if (inventory != null && !Variables.namesUsed(files).isEmpty()) {
            List<dev.netune.inventory.Host> hosts = new dev.netune.inventory.InventoryLoader().load(inventory).hosts();
            List<Path> absolute = files.stream().map(p -> p.toAbsolutePath().normalize()).toList();
            TargetOptions.desiredStates(hosts, h -> absolute); // every host's values must validate
            if (!hosts.isEmpty()) {
                vars = new Variables(hosts.get(0).vars(), "host " + hosts.get(0).name());
            }
        }
        // values are printed as written (with their ${vars.NAME}), whatever the hosts fill in
        ProfileLoader loader = new ProfileLoader(Kinds.all(), vars);
        List<Profile> profiles = loader.loadAll(files);
        StringBuilder out = new StringBuilder();
        for (Profile p : profiles) {
            if (out.length() > 0) {
                out.append('\n');
            }
            explain(loader, p, out);
        }
        System.out.print(SafeText.of(out.toString())); // profiles may come from an inventory: no raw escapes
        return ExitCodes.OK;
    }

    private static void explain(ProfileLoader loader, Profile profile, StringBuilder out) throws Exception {
        out.append(profile.name()).append(" (").append(profile.file()).append(')');
        if (!profile.description().isEmpty()) {
            out.append(": ").append(profile.description());
        }
        out.append('\n');
        Set<Path> chain = new LinkedHashSet<>();
        addChain(loader, profile, chain);
        List<List<Setting>> byFile = new ArrayList<>();
        for (Path f : chain) {
            byFile.add(settings(f));
        }
        int i = 0;
        for (Path f : chain) {
            List<Setting> mine = byFile.get(i);
            out.append('\n').append("# from ").append(f.getFileName()).append('\n');
            if (mine.isEmpty()) {
                out.append("(no settings)\n");
            }
            for (Setting s : mine) {
                out.append(s.name()).append(" = ").append(s.value());
                overriddenBy(s, chain, byFile, i).ifPresent(by -> out.append("  (overridden by ").append(by).append(')'));
                out.append('\n');
                if (s.comment().isEmpty()) {
                    out.append("    ").append(NO_EXPLANATION).append('\n');
                }
                for (String line : reasons(s.comment())) {
                    out.append("    ").append(line).append('\n');
                }
            }
            i++;
        }
    }

    /** The files a profile extends, depth first and each once, then the profile's own file. */
    private static void addChain(ProfileLoader loader, Profile p, Set<Path> chain) throws Exception {
        for (Path parent : p.extendsFiles()) {
            if (!chain.contains(parent)) {
                addChain(loader, loader.loadAll(List.of(parent)).get(0), chain);
            }
        }
        chain.add(p.file());
    }

    private static java.util.Optional<String> overriddenBy(Setting s, Set<Path> chain, List<List<Setting>> byFile, int from) {
        List<Path> files = new ArrayList<>(chain);
        String by = null;
        for (int j = from + 1; j < files.size(); j++) {
            if (byFile.get(j).stream().anyMatch(o -> o.name().equals(s.name()))) {
                by = files.get(j).getFileName().toString();
            }
        }
        return java.util.Optional.ofNullable(by);
    }

    /** One leaf of a profile: how it is shown, its value as written, and the comment lines above it. */
    record Setting(String name, String value, List<String> comment) {
    }

    /** Every setting of one file, in document order. The file was validated before. */
    static List<Setting> settings(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        List<String> lines = text.lines().toList();
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true);
        Node root = new Yaml(options).compose(new StringReader(text));
        List<Setting> out = new ArrayList<>();
        if (!(root instanceof MappingNode m)) {
            return out;
        }
        for (NodeTuple t : m.getValue()) {
            String key = ((ScalarNode) t.getKeyNode()).getValue();
            if (META_KEYS.contains(key)) {
                continue;
            }
            if (t.getValueNode() instanceof MappingNode kind && isBlock(kind)) {
                for (NodeTuple c : kind.getValue()) {
                    String childKey = ((ScalarNode) c.getKeyNode()).getValue();
                    // sysctls are shown by their own dotted name, as in sysctl.conf
                    String name = key.equals("sysctl") ? childKey : key + "." + childKey;
                    walk(c.getKeyNode(), c.getValueNode(), name, List.of(), lines, out);
                }
            } else if (t.getValueNode() instanceof SequenceNode seq && isBlock(seq)) {
                items(seq, key, List.of(), lines, out);
            } else {
                walk(t.getKeyNode(), t.getValueNode(), key, List.of(), lines, out);
            }
        }
        return out;
    }

    /**
     * Descends block mappings and lists of mappings; everything else (scalars, flow collections,
     * lists of scalars) is one setting. A key without a comment of its own takes the comment of
     * the nearest enclosing key below the top level.
     */
    private static void walk(Node keyNode, Node value, String name, List<String> inherited, List<String> lines,
                             List<Setting> out) {
        List<String> own = commentAbove(lines, keyNode.getStartMark().getLine());
        List<String> comment = own.isEmpty() ? inherited : own;
        if (value instanceof MappingNode m && isBlock(m)) {
            for (NodeTuple c : m.getValue()) {
                walk(c.getKeyNode(), c.getValueNode(), name + "." + ((ScalarNode) c.getKeyNode()).getValue(), comment,
                        lines, out);
            }
        } else if (value instanceof SequenceNode s && isBlock(s)
                && s.getValue().stream().anyMatch(n -> n instanceof MappingNode)) {
            items(s, name, comment, lines, out);
        } else {
            out.add(new Setting(name, render(value, lines), comment));
        }
    }

    private static void items(SequenceNode seq, String name, List<String> inherited, List<String> lines,
                              List<Setting> out) {
        int i = 0;
        for (Node item : seq.getValue()) {
            String itemName = name + "[" + i++ + "]";
            List<String> own = commentAbove(lines, item.getStartMark().getLine());
            List<String> comment = own.isEmpty() ? inherited : own;
            if (item instanceof MappingNode m) {
                for (NodeTuple c : m.getValue()) {
                    walk(c.getKeyNode(), c.getValueNode(), itemName + "." + ((ScalarNode) c.getKeyNode()).getValue(),
                            comment, lines, out);
                }
            } else {
                out.add(new Setting(itemName, render(item, lines), comment));
            }
        }
    }

    private static boolean isBlock(CollectionNode<?> n) {
        return n.getFlowStyle() == DumperOptions.FlowStyle.BLOCK;
    }

    /** The comment lines directly above a line (0-based), without '#', top to bottom. */
    static List<String> commentAbove(List<String> lines, int line) {
        List<String> out = new ArrayList<>();
        for (int i = line - 1; i >= 0; i--) {
            String l = lines.get(i).strip();
            if (!l.startsWith("#")) {
                break;
            }
            out.add(0, l.replaceFirst("^#+\\s?", "").strip());
        }
        return out;
    }

    /** A scalar as written (unquoted); a collection as its source text when on one line. */
    private static String render(Node value, List<String> lines) {
        if (value instanceof ScalarNode s) {
            return s.getValue();
        }
        int sl = value.getStartMark().getLine();
        int el = value.getEndMark().getLine();
        if (sl == el) {
            return lines.get(sl).substring(value.getStartMark().getColumn(), value.getEndMark().getColumn()).strip();
        }
        StringBuilder sb = new StringBuilder();
        if (value instanceof SequenceNode seq) {
            sb.append('[');
            for (int i = 0; i < seq.getValue().size(); i++) {
                sb.append(i > 0 ? ", " : "").append(render(seq.getValue().get(i), lines));
            }
            return sb.append(']').toString();
        }
        MappingNode m = (MappingNode) value;
        sb.append('{');
        for (int i = 0; i < m.getValue().size(); i++) {
            NodeTuple t = m.getValue().get(i);
            sb.append(i > 0 ? ", " : "").append(((ScalarNode) t.getKeyNode()).getValue()).append(": ")
                    .append(render(t.getValueNode(), lines));
        }
        return sb.append('}').toString();
    }

    private static final Pattern LABEL = Pattern.compile("(?i)(why|cost)\\s*:\\s*(.*)");

    /** "Why: ..." and "Cost: ..." parts, continuation lines joined; unlabelled text as it is. */
    static List<String> reasons(List<String> comment) {
        List<String> out = new ArrayList<>();
        for (String line : comment) {
            if (line.isEmpty()) {
                continue;
            }
            Matcher m = LABEL.matcher(line);
            if (m.matches()) {
                out.add(m.group(1).toLowerCase(Locale.ROOT) + ": " + m.group(2).strip());
            } else if (!out.isEmpty()) {
                out.set(out.size() - 1, out.get(out.size() - 1) + " " + line);
            } else {
                out.add(line);
            }
        }
        return out;
    }
}
