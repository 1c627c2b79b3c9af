package dev.netune.profile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Inventory variables of one host, substituted into its profiles: {@code ${vars.NAME}} in any
 * scalar value, alone or inside a string ({@code "${vars.port_lo} 65000"}).
 *
 * <p>Substitution happens on the composed YAML before any kind reads it, so a value that came
 * from a variable is validated exactly like one written in the profile (a variable can never
 * smuggle shell text past the checks). A scalar that is only a reference takes the type the value
 * would have had written there ({@code somaxconn: ${vars.backlog}} is a number). {@code $${}
 * writes a literal {@code ${}. Variables are not allowed in keys or in {@code extends}.
 *
 * @param values the host's variables (inventory group and host vars, host wins)
 * @param owner  who has them, for messages: "host web-1"
 */
public record Variables(Map<String, String> values, String owner) {
    /** No inventory: every reference is undefined. */
    public static final Variables NONE = new Variables(Map.of(), "");
    private static final Pattern REF = Pattern.compile("\\$(\\$?)\\{vars\\.([A-Za-z_][A-Za-z0-9_]*)\\}");
    private static final Resolver RESOLVER = new Resolver();

    public Variables {
        values = Map.copyOf(values);
    }

    /** Only the variables in {@code names}: hosts that agree on them share one loading of the profiles. */
    public Variables restrictedTo(Set<String> names) {
        Map<String, String> kept = new TreeMap<>();
        values.forEach((k, v) -> {
            if (names.contains(k)) {
                kept.put(k, v);
            }
        });
        return new Variables(kept, owner);
    }

    /** Replaces references in every scalar value under {@code root}; an undefined name is a problem there. */
    void substitute(Node root, Path file, String path, Problems problems) {
        if (root instanceof MappingNode m) {
            List<NodeTuple> tuples = m.getValue();
            for (int i = 0; i < tuples.size(); i++) {
                NodeTuple t = tuples.get(i);
                String key = t.getKeyNode() instanceof ScalarNode k ? k.getValue() : "?";
                String at = path.isEmpty() ? key : path + "." + key;
                if (path.isEmpty() && key.equals("extends")) {
                    continue; // which files to load must not depend on the host
                }
                Node value = t.getValueNode();
                if (value instanceof ScalarNode s) {
                    tuples.set(i, new NodeTuple(t.getKeyNode(), replace(s, file, at, problems)));
                } else {
                    substitute(value, file, at, problems);
                }
            }
        } else if (root instanceof SequenceNode q) {
            List<Node> items = q.getValue();
            for (int i = 0; i < items.size(); i++) {
                String at = path + "[" + i + "]";
                if (items.get(i) instanceof ScalarNode s) {
                    items.set(i, replace(s, file, at, problems));
                } else {
                    substitute(items.get(i), file, at, problems);
                }
            }
        }
    }

    private ScalarNode replace(ScalarNode s, Path file, String path, Problems problems) {
        String text = s.getValue();
        if (!text.contains("${vars.") && !text.contains("$${")) {
            return s;
        }
        Matcher m = REF.matcher(text);
        StringBuilder out = new StringBuilder();
        boolean whole = false;
        int refs = 0;
        while (m.find()) {
            String name = m.group(2);
            String replacement;
            if (!m.group(1).isEmpty()) {
                replacement = "${vars." + name + "}"; // $${vars.x}: written literally
            } else if (values.containsKey(name)) {
                replacement = values.get(name);
                refs++;
                whole = m.start() == 0 && m.end() == text.length();
            } else {
                int line = s.getStartMark() == null ? 0 : s.getStartMark().getLine() + 1;
                int col = s.getStartMark() == null ? 0 : s.getStartMark().getColumn() + 1;
                problems.add(new Problem(file, line, col, path, "undefined variable vars." + name
                        + (owner.isEmpty() ? ": variables come from an inventory (group or host vars); use -i"
                        : " for " + owner + ": define it in the inventory's group or host vars")));
                replacement = m.group();
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        String value = out.toString();
        if (refs == 0 && value.equals(text)) {
            return s;
        }
        // a plain scalar that was only a reference resolves as if the value had been written there
        boolean plain = s.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN;
        var tag = whole && plain ? RESOLVER.resolve(NodeId.scalar, value, true) : s.getTag();
        return new ScalarNode(tag, value, s.getStartMark(), s.getEndMark(), s.getScalarStyle());
    }

    /**
     * The variable names the profiles (and what they extend) refer to, read from their text;
     * missing files are left to the loader to report.
     */
    public static Set<String> namesUsed(List<Path> files) {
        Set<String> names = new TreeSet<>();
        for (Path f : ProfileLoader.withExtends(files)) {
            String text;
            try {
                text = Files.readString(f);
            } catch (java.io.IOException e) {
                continue;
            }
            Matcher m = REF.matcher(text);
            while (m.find()) {
                if (m.group(1).isEmpty()) {
                    names.add(m.group(2));
                }
            }
        }
        return names;
    }
}
