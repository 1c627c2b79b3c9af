package dev.netune.profile;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * How many values a composed YAML document stands for once its aliases are expanded, and where
 * it passes a bound.
 *
 * <p>SnakeYAML composes an alias as the anchored node itself, so the graph stays small while
 * every walk over it (variable substitution, the kinds reading their settings) visits each use
 * again: a "billion laughs" document of under 1 KB within the 50-alias limit expands to hundreds
 * of millions of values. Counting with one memo per node is linear in the graph.
 */
final class Expansion {
    /** More values than aliases add to any real profile or inventory, few enough to walk in well under a second. */
    static final long MAX_VALUES = 1_000_000;

    private final Map<Node, Long> sizes = new IdentityHashMap<>();

    private Expansion() {
    }

    /**
     * Null when aliases add at most {@code max} values to {@code root} (free of cycles), else where
     * the expanded document passes its own size plus {@code max}. A large document written out is
     * bounded by its file size and not refused; only what aliases multiply is.
     */
    static Mark tooLarge(Node root, long max) {
        Expansion e = new Expansion();
        long expanded = e.size(root);
        max += e.sizes.size();
        if (expanded <= max) {
            return null;
        }
        Mark at = e.locate(root, root.getStartMark(), new long[] {0}, max,
                Collections.newSetFromMap(new IdentityHashMap<>()));
        return at == null ? root.getStartMark() : at;
    }

    /** Values under and including {@code node}, aliases counted each time they are used (saturating). */
    private long size(Node node) {
        Long known = sizes.get(node);
        if (known != null) {
            return known;
        }
        long total = 1;
        for (Node child : children(node)) {
            total = Math.min(Long.MAX_VALUE / 2, total + size(child));
        }
        sizes.put(node, total);
        return total;
    }

    /**
     * Walks the document in order, adding up sizes, and returns the mark of the alias use (a node
     * seen before) or value at which the running count passes {@code max}. A use in a mapping is
     * located at its key, one in a sequence at the sequence: SnakeYAML keeps no mark of the alias.
     */
    private Mark locate(Node node, Mark context, long[] count, long max, Set<Node> seen) {
        boolean first = seen.add(node);
        if (!first || children(node).isEmpty()) {
            count[0] += size(node);
            return count[0] > max ? (first ? node.getStartMark() : context) : null;
        }
        count[0]++;
        if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                Mark at = locate(t.getKeyNode(), t.getKeyNode().getStartMark(), count, max, seen);
                if (at == null) {
                    at = locate(t.getValueNode(), t.getKeyNode().getStartMark(), count, max, seen);
                }
                if (at != null) {
                    return at;
                }
            }
        } else {
            for (Node item : children(node)) {
                Mark at = locate(item, node.getStartMark(), count, max, seen);
                if (at != null) {
                    return at;
                }
            }
        }
        return null;
    }

    private static List<Node> children(Node node) {
        if (node instanceof MappingNode m) {
            List<Node> out = new ArrayList<>();
            for (NodeTuple t : m.getValue()) {
                out.add(t.getKeyNode());
                out.add(t.getValueNode());
            }
            return out;
        }
        return node instanceof SequenceNode q ? q.getValue() : List.of();
    }
}
