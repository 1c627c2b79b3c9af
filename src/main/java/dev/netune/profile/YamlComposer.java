package dev.netune.profile;

import java.io.Reader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * YAML text composed into SnakeYAML's node graph, never into Java objects (so a document never
 * instantiates a type it names), and refused with a problem where {@link YamlNode}'s tree walks
 * could not follow it: a syntax error, text that is not UTF-8, a recursive alias, or aliases that
 * expand past {@link Expansion#MAX_VALUES}.
 */
final class YamlComposer {
    /**
     * The most characters one YAML file may have. SnakeYAML's default (3 Mi) refuses an inventory
     * of some 50,000 hosts written out one a line; 32 Mi holds the 200,000 an inventory may have,
     * and still bounds what one file can make this JVM hold. Its long lines are bounded apart
     * ({@link LineCostReader}): SnakeYAML's time grows with their square.
     */
    static final int MAX_CODE_POINTS = 32 << 20;

    private YamlComposer() {
    }

    static Optional<Node> compose(Reader reader, Path file, Problems problems) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true); // we report duplicates ourselves, with both lines
        options.setMaxAliasesForCollections(50);
        options.setCodePointLimit(MAX_CODE_POINTS);
        try {
            Node root = composeNode(new LineCostReader(reader), options);
            if (root == null) {
                problems.add(new Problem(file, 1, 1, "", "file is empty"));
                return Optional.empty();
            }
            Node cycle = aliasCycle(root, java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()),
                    java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
            if (cycle != null) {
                Mark m = cycle.getStartMark();
                problems.add(new Problem(file, m.getLine() + 1, m.getColumn() + 1, "",
                        "an alias refers to a collection that contains it (a recursive YAML alias)"));
                return Optional.empty();
            }
            Mark large = Expansion.tooLarge(root, Expansion.MAX_VALUES);
            if (large != null) {
                problems.add(new Problem(file, large.getLine() + 1, large.getColumn() + 1, "", "YAML aliases make"
                        + " this document more than " + Expansion.MAX_VALUES + " values larger when expanded (a"
                        + " 'billion laughs' document?); write the values out, or use fewer aliases"));
                return Optional.empty();
            }
            return Optional.of(root);
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark();
            String msg = "YAML syntax error: " + e.getProblem();
            problems.add(new Problem(file, m == null ? 0 : m.getLine() + 1, m == null ? 0 : m.getColumn() + 1, "", msg));
            return Optional.empty();
        } catch (RuntimeException e) {
            if (e.getCause() instanceof LineCostReader.TooCostlyException t) {
                problems.add(new Problem(file, t.line(), 1, "", t.getMessage()));
                return Optional.empty();
            }
            // SnakeYAML's reader wraps the decoder's error (text that is not UTF-8)
            problems.add(new Problem(file, 0, 0, "", e.getCause() instanceof java.nio.charset.CharacterCodingException c
                    ? IoErrors.reason(c) : "YAML error: " + e.getMessage()));
            return Optional.empty();
        }
    }

    /**
     * The node graph of one document, or null for none: what SnakeYAML's {@code Yaml.compose} does,
     * without building the {@code Yaml} facade around it. Its constructor and representer, the
     * mapping to and from Java objects that netune never uses, cost a fresh JVM some 30 ms of class
     * loading and every file a few hundred objects.
     */
    static Node composeNode(Reader reader, LoaderOptions options) {
        return new Composer(new ParserImpl(new StreamReader(reader), options), new Resolver(), options).getSingleNode();
    }

    /**
     * The first collection reached again below itself, or null: every walk of the graph (ours and
     * the variables') assumes a tree, and a recursive alias would send it round forever.
     */
    private static Node aliasCycle(Node node, Set<Node> ancestors, Set<Node> done) {
        if (done.contains(node) || node instanceof ScalarNode) {
            return null;
        }
        if (!ancestors.add(node)) {
            return node;
        }
        List<Node> children = new ArrayList<>();
        if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                children.add(t.getKeyNode());
                children.add(t.getValueNode());
            }
        } else if (node instanceof SequenceNode q) {
            children.addAll(q.getValue());
        }
        for (Node child : children) {
            Node cycle = aliasCycle(child, ancestors, done);
            if (cycle != null) {
                return cycle;
            }
        }
        ancestors.remove(node);
        done.add(node);
        return null;
    }
}
