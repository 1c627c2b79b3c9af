package dev.netune.profile;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A YAML node that knows where it is (file, line, column, YAML path) and reports problems there.
 *
 * <p>We compose SnakeYAML's node graph rather than constructing Java objects: it keeps the marks
 * for messages and never instantiates types named by the document.
 *
 * <p>The typed accessors every kind's schema uses (mapping, string, integer, bool, list) each
 * report at the node's own mark; reading the text into nodes is {@link YamlComposer}'s.
 */
public final class YamlNode {
    private final Node node;
    private final String path;
    private final Path file;
    private final Problems problems;
    /** The key this node is the value of, so that key problems point at the key. */
    private final Node keyNode;

    private YamlNode(Node node, String path, Path file, Problems problems) {
        this(node, path, file, problems, null);
    }

    private YamlNode(Node node, String path, Path file, Problems problems, Node keyNode) {
        this.node = node;
        this.path = path;
        this.file = file;
        this.problems = problems;
        this.keyNode = keyNode;
    }

    /** Parses a file; a syntax error becomes a problem and the result is empty. */
    public static Optional<YamlNode> parse(Path file, Problems problems) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(r, file, problems);
        } catch (IOException e) {
            problems.add(new Problem(file, 0, 0, "", "cannot read: " + IoErrors.reason(e)));
            return Optional.empty();
        }
    }

    /** Parses a profile and substitutes the host's variables into its scalar values (see {@link Variables}). */
    static Optional<YamlNode> parse(Path file, Problems problems, Variables variables) {
        Optional<YamlNode> root = parse(file, problems);
        root.ifPresent(r -> variables.substitute(r.node, file, "", problems));
        return root;
    }

    public static Optional<YamlNode> parse(Reader reader, Path file, Problems problems) {
        return YamlComposer.compose(reader, file, problems).map(root -> new YamlNode(root, "", file, problems));
    }

    public String path() {
        return path;
    }

    public Path file() {
        return file;
    }

    public int line() {
        return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }

    public int column() {
        return node.getStartMark() == null ? 0 : node.getStartMark().getColumn() + 1;
    }

    public Problems problems() {
        return problems;
    }

    /** Records a problem at this node. */
    public void error(String message) {
        problems.add(new Problem(file, line(), column(), path, message));
    }

    public boolean isMapping() {
        return node instanceof MappingNode;
    }

    public boolean isSequence() {
        return node instanceof SequenceNode;
    }

    /** An empty value ({@code key:} with nothing after it, or {@code ~}/{@code null}). */
    public boolean isNull() {
        return node instanceof ScalarNode s && Tag.NULL.equals(s.getTag());
    }

    public boolean isScalar() {
        return node instanceof ScalarNode;
    }

    /**
     * Told which keys a loader accepts at each mapping it reads: {@code allowed} is null for a
     * mapping of free keys (sysctl names, host names). The JSON Schema generator learns the
     * profile and inventory structure this way, from the loaders themselves.
     */
    public interface KeyWatcher {
        void mapping(String path, Collection<String> allowed);

        /** The place at {@code path}, read here as a mapping or list, takes a plain value too. */
        default void scalarToo(String path) {
        }
    }

    private static final ThreadLocal<KeyWatcher> WATCHER = new ThreadLocal<>();

    /** Runs {@code loader} with {@code watcher} told of every mapping it reads on this thread. */
    public static void watching(KeyWatcher watcher, Runnable loader) {
        WATCHER.set(watcher);
        try {
            loader.run();
        } finally {
            WATCHER.remove();
        }
    }

    /**
     * Declares that this place, read as a mapping or a list, also takes a plain value (a sysctl is
     * {@code 4096} or {@code {atLeast: 4096}}), so that the JSON Schema allows both.
     */
    public void alsoScalar() {
        KeyWatcher w = WATCHER.get();
        if (w != null) {
            w.scalarToo(path);
        }
    }

    /** Entries of a mapping in document order; reports non-mappings, non-scalar and duplicate keys. */
    public Map<String, YamlNode> mapping() {
        KeyWatcher w = WATCHER.get();
        if (w != null && node instanceof MappingNode) {
            w.mapping(path, null);
        }
        Map<String, YamlNode> out = new LinkedHashMap<>();
        if (!(node instanceof MappingNode m)) {
            error("expected a mapping (key: value), found " + describe());
            return out;
        }
        for (NodeTuple t : m.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                new YamlNode(t.getKeyNode(), path, file, problems).error("keys must be plain words");
                continue;
            }
            String key = k.getValue();
            String childPath = path.isEmpty() ? key : path + "." + key;
            YamlNode child = new YamlNode(t.getValueNode(), childPath, file, problems, k);
            if (out.containsKey(key)) {
                new YamlNode(k, childPath, file, problems)
                        .error("duplicate key (first at line " + out.get(key).line() + ")");
                continue;
            }
            out.put(key, child);
        }
        return out;
    }

    /** Like {@link #mapping()}, and reports keys outside {@code allowed} with a suggestion. */
    public Map<String, YamlNode> mapping(Collection<String> allowed) {
        Map<String, YamlNode> entries = mapping();
        KeyWatcher w = WATCHER.get();
        if (w != null && node instanceof MappingNode) {
            w.mapping(path, allowed);
        }
        for (var e : entries.entrySet()) {
            if (!allowed.contains(e.getKey())) {
                e.getValue().keyError("unknown key '" + e.getKey() + "'" + Suggest.hint(e.getKey(), allowed)
                        + "; allowed: " + String.join(", ", Set.copyOf(allowed).stream().sorted().toList()));
            }
        }
        return entries;
    }

    /** Reports at this entry's key rather than at its value. */
    public void keyError(String message) {
        Mark m = keyNode == null ? node.getStartMark() : keyNode.getStartMark();
        problems.add(new Problem(file, m == null ? 0 : m.getLine() + 1, m == null ? 0 : m.getColumn() + 1, path, message));
    }

    public List<YamlNode> sequence() {
        List<YamlNode> out = new ArrayList<>();
        if (!(node instanceof SequenceNode s)) {
            error("expected a list, found " + describe());
            return out;
        }
        int i = 0;
        for (Node n : s.getValue()) {
            out.add(new YamlNode(n, path + "[" + i++ + "]", file, problems));
        }
        return out;
    }

    /** The scalar's text exactly as written (without quotes), or empty after reporting. */
    public Optional<String> string() {
        if (node instanceof ScalarNode s && !Tag.NULL.equals(s.getTag())) {
            return Optional.of(s.getValue());
        }
        error("expected a value, found " + describe());
        return Optional.empty();
    }

    /** A whole number (written unquoted or quoted), or empty after reporting. */
    public OptionalLong integer() {
        if (node instanceof ScalarNode s && !Tag.NULL.equals(s.getTag())) {
            try {
                return OptionalLong.of(Long.parseLong(s.getValue().replace("_", "")));
            } catch (NumberFormatException e) {
                error("expected a whole number, found '" + s.getValue() + "'");
                return OptionalLong.empty();
            }
        }
        error("expected a whole number, found " + describe());
        return OptionalLong.empty();
    }

    /** true/false (also on/off, yes/no as YAML 1.1 reads them), or empty after reporting. */
    public Optional<Boolean> bool() {
        if (node instanceof ScalarNode s) {
            switch (s.getValue().toLowerCase()) {
                case "true", "on", "yes":
                    return Optional.of(true);
                case "false", "off", "no":
                    return Optional.of(false);
                default:
                    break;
            }
        }
        error("expected true or false, found " + describe());
        return Optional.empty();
    }

    /** Whether the scalar was resolved as a YAML boolean (unquoted true/false/on/off/yes/no). */
    public boolean isBooleanScalar() {
        return node instanceof ScalarNode s && Tag.BOOL.equals(s.getTag());
    }

    /** Whether the scalar was resolved as a YAML integer (unquoted digits). */
    public boolean isIntegerScalar() {
        return node instanceof ScalarNode s && Tag.INT.equals(s.getTag());
    }

    /** A scalar or a list of scalars, as a list of strings. */
    public List<String> stringList() {
        if (isScalar()) {
            return string().map(List::of).orElse(List.of());
        }
        List<String> out = new ArrayList<>();
        for (YamlNode n : sequence()) {
            n.string().ifPresent(out::add);
        }
        return out;
    }

    String describe() {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        ScalarNode s = (ScalarNode) node;
        return Tag.NULL.equals(s.getTag()) ? "nothing" : "'" + s.getValue() + "'";
    }
}
