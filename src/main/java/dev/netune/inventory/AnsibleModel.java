package dev.netune.inventory;

import dev.netune.inventory.AnsibleVar.Origin;
import dev.netune.profile.Problem;
import dev.netune.profile.Problems;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Ansible's inventory model: groups with children, hosts with their groups, and the variables of
 * each, in the two layers Ansible keeps apart — those written in the inventory sources and
 * those of {@code group_vars/} and {@code host_vars/} files. {@link #hosts} merges them in
 * Ansible's order (VARIABLE_PRECEDENCE): {@code all}, the host's groups by depth, priority and
 * name, then the group_vars files in the same order, then the host's own, then its host_vars files.
 */
final class AnsibleModel {
    static final class Group {
        final String name;
        final Map<String, AnsibleVar> vars = new LinkedHashMap<>();
        final Map<String, AnsibleVar> fileVars = new LinkedHashMap<>();
        final Set<String> children = new LinkedHashSet<>();
        final Set<String> parents = new LinkedHashSet<>();
        final Set<String> hosts = new LinkedHashSet<>();
        Integer priority;

        Group(String name) {
            this.name = name;
        }
    }

    static final class HostDef {
        final String name;
        final Map<String, AnsibleVar> vars = new LinkedHashMap<>();
        final Map<String, AnsibleVar> fileVars = new LinkedHashMap<>();
        final Origin origin;

        HostDef(String name, Origin origin) {
            this.name = name;
            this.origin = origin;
        }
    }

    /** A host with its groups (ancestors included, "all" not) and its merged variables. */
    record Merged(HostDef host, List<String> groups, Map<String, AnsibleVar> vars) {
    }

    private final Problems problems;
    final Map<String, Group> groups = new LinkedHashMap<>();
    final Map<String, HostDef> hosts = new LinkedHashMap<>();

    AnsibleModel(Problems problems) {
        this.problems = problems;
        groups.put("all", new Group("all"));
        groups.put("ungrouped", new Group("ungrouped"));
    }

    Group group(String name) {
        return groups.computeIfAbsent(name, Group::new);
    }

    void link(String parent, String child, Origin at) {
        if (child.equals("all")) {
            problem(at, "'all' cannot be a child group");
            return;
        }
        if (parent.equals(child) || ancestors(parent).contains(child)) {
            problem(at, "group '" + child + "' is its own ancestor through [" + parent + ":children]");
            return;
        }
        group(parent).children.add(child);
        group(child).parents.add(parent);
    }

    /** Adds the host to the group; a host listed again adds to (and overrides) its variables, as in Ansible. */
    void addHost(String group, String name, Map<String, AnsibleVar> vars, Origin at) {
        HostDef h = hosts.computeIfAbsent(name, n -> new HostDef(n, at));
        h.vars.putAll(vars);
        group(group).hosts.add(name);
    }

    /** A group variable from an inventory source; {@code ansible_group_priority} sets the priority. */
    void groupVar(String group, String key, AnsibleVar v) {
        group(group).vars.put(key, v);
        if (key.equals("ansible_group_priority") && v.value() != null) {
            try {
                group(group).priority = Integer.parseInt(v.value().strip());
            } catch (NumberFormatException e) {
                problem(v.origin(), "ansible_group_priority must be a whole number, found '" + v.value() + "'");
            }
        }
    }

    /** Every group above {@code name} (its parents, theirs, ...). */
    Set<String> ancestors(String name) {
        Set<String> out = new LinkedHashSet<>();
        List<String> todo = new ArrayList<>(List.of(name));
        while (!todo.isEmpty()) {
            Group g = groups.get(todo.remove(todo.size() - 1));
            if (g == null) {
                continue;
            }
            for (String p : g.parents) {
                if (out.add(p)) {
                    todo.add(p);
                }
            }
        }
        return out;
    }

    /** Ansible's depth: all = 0, a group without parents = 1, a child = deepest parent + 1. */
    private int depth(String name, Map<String, Integer> memo) {
        if (name.equals("all")) {
            return 0;
        }
        Integer known = memo.get(name);
        if (known != null) {
            return known;
        }
        int d = 1;
        for (String p : groups.get(name).parents) {
            d = Math.max(d, depth(p, memo) + 1);
        }
        memo.put(name, d);
        return d;
    }

    /** Groups that have no parent are children of all; hosts in no group are in ungrouped. */
    private void settle() {
        for (Group g : groups.values()) {
            if (g.parents.isEmpty() && !g.name.equals("all")) {
                g.parents.add("all");
                groups.get("all").children.add(g.name);
            }
        }
    }

    /** Each host, in the order first seen, with its groups and merged variables. */
    List<Merged> hosts() {
        settle();
        Map<String, Integer> depths = new HashMap<>();
        List<Merged> out = new ArrayList<>();
        for (HostDef h : hosts.values()) {
            Set<String> mine = new LinkedHashSet<>();
            for (Group g : groups.values()) {
                if (g.hosts.contains(h.name)) {
                    mine.add(g.name);
                    mine.addAll(ancestors(g.name));
                }
            }
            mine.remove("all");
            if (mine.stream().anyMatch(g -> !g.equals("ungrouped"))) {
                mine.remove("ungrouped");
            } else {
                mine.add("ungrouped");
            }
            List<Group> ordered = mine.stream().map(groups::get)
                    .sorted(Comparator.<Group>comparingInt(g -> depth(g.name, depths))
                            .thenComparingInt(g -> g.priority == null ? 1 : g.priority).thenComparing(g -> g.name))
                    .toList();
            Map<String, AnsibleVar> vars = new LinkedHashMap<>(groups.get("all").vars);
            ordered.forEach(g -> vars.putAll(g.vars));
            vars.putAll(groups.get("all").fileVars);
            ordered.forEach(g -> vars.putAll(g.fileVars));
            vars.putAll(h.vars);
            vars.putAll(h.fileVars);
            out.add(new Merged(h, ordered.stream().map(g -> g.name).toList(), vars));
        }
        return out;
    }

    void problem(Origin at, String message) {
        problems.add(new Problem(at.file(), at.line(), at.column(), at.path(), message));
    }
}
