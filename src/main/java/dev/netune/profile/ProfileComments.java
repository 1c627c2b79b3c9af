package dev.netune.profile;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.nodes.CollectionNode;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The settings of one profile file as written, each with the comment lines directly above its key
 * in the YAML source (what {@code netune explain} prints); reads the text, validates nothing.
 */
public final class ProfileComments {
    private static final List<String> META_KEYS = List.of("name", "description", "extends");

    private ProfileComments() {
    }

    /** One leaf of a profile: how it is shown, its value as written, and the comment lines above it. */
    public record Setting(String name, String value, List<String> comment) {
    }

    /** Every setting of one file, in document order. The file was validated before. */
    public static List<Setting> settings(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        List<String> lines = text.lines().toList();
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true);
        Node root = YamlComposer.composeNode(new StringReader(text), options);
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
}
