package dev.netune.schema;

import dev.netune.profile.YamlNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Finds the structure a loader accepts by running it: on a probe document, every mapping the
 * loader reads tells which keys it allows ({@link YamlNode.KeyWatcher}); each allowed key is then
 * probed with an empty mapping, then with a list of one, until nothing new is read. So the schema
 * holds exactly the keys the loader holds, and a new key in a kind reaches it without an edit here.
 */
final class ShapeProbe {
    /** The name probed for a mapping of free keys (a sysctl or host name). */
    static final String ANY_KEY = "any-name";
    private static final int MAX_DEPTH = 8;

    private final Consumer<String> loader;
    private final Map<String, Object> doc = new LinkedHashMap<>();
    /** Places the loader said take a plain value besides the mapping or list it read there. */
    private final java.util.Set<String> scalarsToo = new java.util.HashSet<>();

    /** @param loader runs the real loader on a YAML text and ignores the problems it reports */
    ShapeProbe(Consumer<String> loader) {
        this.loader = loader;
    }

    Shape run() {
        Shape root = mapping(doc, "", 0);
        if (root == null) {
            throw new IllegalStateException("the loader read no mapping at the top of the document");
        }
        return root;
    }

    /** What the loader read at {@code path}: absent when not a mapping, a null list for free keys. */
    private Map<String, Collection<String>> load() {
        Map<String, Collection<String>> seen = new HashMap<>();
        String yaml = new Yaml(flow()).dump(doc);
        YamlNode.watching(new YamlNode.KeyWatcher() {
            @Override
            public void mapping(String path, Collection<String> allowed) {
                if (allowed != null || !seen.containsKey(path)) {
                    seen.put(path, allowed == null ? null : List.copyOf(allowed));
                }
            }

            @Override
            public void scalarToo(String path) {
                scalarsToo.add(path);
            }
        }, () -> loader.accept(yaml));
        return seen;
    }

    private static DumperOptions flow() {
        DumperOptions o = new DumperOptions();
        o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return o;
    }

    private Shape mapping(Map<String, Object> node, String path, int depth) {
        Map<String, Collection<String>> seen = load();
        if (!seen.containsKey(path) || depth > MAX_DEPTH) {
            return null;
        }
        Collection<String> allowed = seen.get(path);
        if (allowed == null) {
            return new Shape.Mapping(null, Map.of(), child(node, ANY_KEY, join(path, ANY_KEY), depth));
        }
        Map<String, Shape> children = new LinkedHashMap<>();
        for (String key : allowed) {
            children.put(key, child(node, key, join(path, key), depth));
        }
        return new Shape.Mapping(List.copyOf(allowed), children, null);
    }

    /** Probes {@code key} of {@code parent} as a mapping, then as a list of mappings; else a leaf. */
    private Shape child(Map<String, Object> parent, String key, String path, int depth) {
        Map<String, Object> m = new LinkedHashMap<>();
        parent.put(key, m);
        Shape s = mapping(m, path, depth + 1);
        if (s == null || scalarsToo.contains(path)) {
            Map<String, Object> item = new LinkedHashMap<>();
            List<Object> list = new ArrayList<>();
            list.add(item);
            parent.put(key, list);
            Shape inner = mapping(item, path + "[0]", depth + 1);
            if (inner != null && scalarsToo.contains(path + "[0]")) {
                inner = new Shape.Value(inner, null);
            }
            Shape listed = inner == null ? null : new Shape.ListOf(inner);
            if (scalarsToo.contains(path)) {
                s = new Shape.Value(s, listed);
            } else {
                s = listed == null ? new Shape.Leaf() : listed;
            }
        }
        if (s instanceof Shape.Leaf) {
            parent.remove(key);
        }
        // a mapping or list stays (empty) for the siblings probed next: a loader may read them
        // only beside a key it requires (a nics rule's settings only beside its match)
        return s;
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
