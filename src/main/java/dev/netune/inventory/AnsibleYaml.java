package dev.netune.inventory;

import dev.netune.inventory.AnsibleVar.Origin;
import dev.netune.profile.YamlNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ansible's YAML inventory format ({@code all:} or top-level groups with {@code hosts},
 * {@code children} and {@code vars}), and the JSON {@code ansible-inventory --list} and
 * inventory scripts print ({@code _meta.hostvars}, groups with lists of hosts and children).
 */
final class AnsibleYaml {
    private final Path file;
    private final AnsibleModel model;
    private final AnsibleText text;

    AnsibleYaml(Path file, AnsibleModel model, AnsibleText text) {
        this.file = file;
        this.model = model;
        this.text = text;
    }

    /** Whether the root is in the JSON-list shape: {@code _meta}, or hosts given as a list. */
    static boolean isListShape(YamlNode root) {
        if (!root.isMapping()) {
            return false;
        }
        for (var e : root.mapping().entrySet()) {
            YamlNode v = e.getValue();
            if (e.getKey().equals("_meta") || v.isSequence()
                    || (v.isMapping() && v.mapping().containsKey("hosts") && v.mapping().get("hosts").isSequence())) {
                return true;
            }
        }
        return false;
    }

    void load(YamlNode root) {
        for (var e : root.mapping().entrySet()) {
            group(e.getKey(), e.getValue(), null);
        }
    }

    private void group(String name, YamlNode node, String parent) {
        Origin at = origin(node);
        if (!AnsibleInventory.NAME.matcher(name).matches()) {
            node.keyError("group name '" + name + "' must be letters, digits, '.', '_' or '-'");
            return;
        }
        model.group(name);
        if (parent != null) {
            model.link(parent, name, at);
        }
        if (node.isNull()) {
            return;
        }
        Map<String, YamlNode> m = node.mapping(List.of("hosts", "children", "vars"));
        if (m.containsKey("vars") && !m.get("vars").isNull()) {
            vars(m.get("vars")).forEach((k, v) -> model.groupVar(name, k, v));
        }
        if (m.containsKey("hosts") && !m.get("hosts").isNull()) {
            for (var h : m.get("hosts").mapping().entrySet()) {
                Map<String, AnsibleVar> vars = h.getValue().isNull() ? Map.of() : vars(h.getValue());
                Origin ho = origin(h.getValue());
                for (String host : text.expand(h.getKey(), ho)) {
                    AnsibleInventory.addHost(model, name, host, vars, ho);
                }
            }
        }
        if (m.containsKey("children") && !m.get("children").isNull()) {
            for (var c : m.get("children").mapping().entrySet()) {
                group(c.getKey(), c.getValue(), name);
            }
        }
    }

    /** The JSON of {@code ansible-inventory --list} or of an inventory script's {@code --list}. */
    void loadList(YamlNode root) {
        Map<String, YamlNode> top = root.mapping();
        for (var e : top.entrySet()) {
            if (e.getKey().equals("_meta")) {
                continue;
            }
            String name = e.getKey();
            YamlNode g = e.getValue();
            if (!AnsibleInventory.NAME.matcher(name).matches()) {
                g.keyError("group name '" + name + "' must be letters, digits, '.', '_' or '-'");
                continue;
            }
            model.group(name);
            if (g.isSequence()) { // "group": ["host", ...]
                g.stringList().forEach(h -> AnsibleInventory.addHost(model, name, h, Map.of(), origin(g)));
                continue;
            }
            if (g.isNull()) {
                continue;
            }
            Map<String, YamlNode> m = g.mapping(List.of("hosts", "children", "vars"));
            if (m.containsKey("vars") && !m.get("vars").isNull()) {
                vars(m.get("vars")).forEach((k, v) -> model.groupVar(name, k, v));
            }
            if (m.containsKey("hosts") && !m.get("hosts").isNull()) {
                m.get("hosts").stringList().forEach(h -> AnsibleInventory.addHost(model, name, h, Map.of(),
                        origin(m.get("hosts"))));
            }
            if (m.containsKey("children") && !m.get("children").isNull()) {
                for (String child : m.get("children").stringList()) {
                    model.group(child);
                    model.link(name, child, origin(m.get("children")));
                }
            }
        }
        YamlNode meta = top.get("_meta");
        if (meta != null && meta.isMapping() && meta.mapping().get("hostvars") != null
                && !meta.mapping().get("hostvars").isNull()) {
            for (var h : meta.mapping().get("hostvars").mapping().entrySet()) {
                AnsibleModel.HostDef def = model.hosts.get(h.getKey());
                if (def != null && !h.getValue().isNull()) {
                    def.vars.putAll(vars(h.getValue()));
                }
            }
        }
    }

    /** Host variables printed by an inventory script's {@code --host NAME}. */
    void hostVars(String host, YamlNode root) {
        AnsibleModel.HostDef def = model.hosts.get(host);
        if (def != null && root.isMapping()) {
            def.vars.putAll(vars(root));
        }
    }

    static Map<String, AnsibleVar> vars(YamlNode node) {
        Map<String, AnsibleVar> into = new LinkedHashMap<>();
        for (var v : node.mapping().entrySet()) {
            YamlNode value = v.getValue();
            Origin o = origin(value);
            if (value.isScalar()) {
                into.put(v.getKey(), AnsibleVar.of(value.isNull() ? "" : value.string().orElse(""), o));
            } else if (value.isSequence() && value.sequence().stream().allMatch(YamlNode::isScalar)) {
                into.put(v.getKey(), new AnsibleVar(null, value.stringList(), false, o));
            } else {
                into.put(v.getKey(), new AnsibleVar(null, null, true, o));
            }
        }
        return into;
    }

    static Origin origin(YamlNode n) {
        return new Origin(n.file(), n.line(), n.column(), n.path());
    }
}
