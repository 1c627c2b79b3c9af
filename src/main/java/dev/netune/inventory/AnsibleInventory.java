package dev.netune.inventory;

import dev.netune.profile.Problem;
import dev.netune.profile.Problems;
import dev.netune.profile.Suggest;
import dev.netune.profile.ValidationException;
import dev.netune.profile.YamlNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ansible inventories, INI and YAML, so a fleet already described for Ansible needs no second
 * inventory. Groups, {@code :children} and {@code :vars} (INI), {@code hosts}/{@code children}/
 * {@code vars} (YAML), host ranges ({@code web-[01:20]}, {@code db-[a:c]}).
 *
 * <p>Variables netune reads: {@code ansible_host}, {@code ansible_port}, {@code ansible_user}
 * (and their old {@code ansible_ssh_*} names), {@code ansible_become} (true/yes/1/on),
 * {@code ansible_ssh_private_key_file}, a ProxyJump in {@code ansible_ssh_common_args} or
 * {@code ansible_ssh_extra_args} ({@code -J x} or {@code -o ProxyJump=x}); and its own
 * {@code netune_profiles} (list or comma-separated string, relative to the inventory file),
 * {@code netune_known_hosts}, {@code netune_ssh_config}, {@code netune_proxy_jump}. Other
 * variables belong to playbooks and are ignored; an unknown {@code netune_*} variable is an error.
 *
 * <p>Precedence is Ansible's: {@code all}, then groups by depth (a child group over its parents),
 * then {@code ansible_group_priority}, then name; host variables win over all group variables.
 * A host's groups include every ancestor group, so {@code --limit prod} selects the hosts of
 * {@code prod}'s child groups.
 */
final class AnsibleInventory {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,252}");
    private static final Pattern RANGE = Pattern.compile("\\[([0-9]+|[a-z]):([0-9]+|[a-z])(?::([0-9]+))?]");
    private static final List<String> NETUNE_VARS =
            List.of("netune_profiles", "netune_known_hosts", "netune_ssh_config", "netune_proxy_jump");
    private static final Set<String> TRUE = Set.of("true", "yes", "1", "on", "y");
    private static final Set<String> FALSE = Set.of("false", "no", "0", "off", "n");

    /** Where a value was written, for messages. */
    private record Origin(int line, int column, String path) {
    }

    /** A variable's value: a string, or a list of strings from YAML; {@code complex} for mappings. */
    private record Var(String value, List<String> list, boolean complex, Origin origin) {
        static Var of(String v, Origin o) {
            return new Var(v, null, false, o);
        }
    }

    private static final class Group {
        final String name;
        final Map<String, Var> vars = new LinkedHashMap<>();
        final Set<String> children = new LinkedHashSet<>();
        final Set<String> parents = new LinkedHashSet<>();
        final Set<String> hosts = new LinkedHashSet<>();
        Origin origin;

        Group(String name, Origin origin) {
            this.name = name;
            this.origin = origin;
        }
    }

    private static final class HostDef {
        final String name;
        final Map<String, Var> vars = new LinkedHashMap<>();
        final Origin origin;

        HostDef(String name, Origin origin) {
            this.name = name;
            this.origin = origin;
        }
    }

    private final Path file;
    private final Problems problems;
    private final List<String> warnings;
    private final Connections connections;
    private final Map<String, Group> groups = new LinkedHashMap<>();
    private final Map<String, HostDef> hosts = new LinkedHashMap<>();

    AnsibleInventory(Path file, Problems problems, List<String> warnings, Connections connections) {
        this.file = file;
        this.problems = problems;
        this.warnings = warnings;
        this.connections = connections;
        groups.put("all", new Group("all", new Origin(0, 0, "")));
        groups.put("ungrouped", new Group("ungrouped", new Origin(0, 0, "")));
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
     * {@code hosts}, {@code children} and {@code vars}. netune's own inventory has {@code defaults},
     * {@code groups} and {@code hosts} with host entries below.
     */
    static boolean isYaml(YamlNode root) {
        if (!root.isMapping()) {
            return false;
        }
        Map<String, YamlNode> top = root.mapping();
        if (top.containsKey("all")) {
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

    // ---- INI ----

    Inventory loadIni(String text) throws ValidationException {
        String[] lines = text.split("\r?\n", -1);
        String section = "ungrouped";
        String kind = "hosts";
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            Origin at = new Origin(lineNo, 1, "");
            if (line.startsWith("[")) {
                if (!line.endsWith("]")) {
                    problem(at, "section header '" + line + "' has no closing ']'");
                    section = null;
                    continue;
                }
                String inner = line.substring(1, line.length() - 1).strip();
                int colon = inner.indexOf(':');
                section = colon < 0 ? inner : inner.substring(0, colon);
                kind = colon < 0 ? "hosts" : inner.substring(colon + 1);
                if (!kind.equals("hosts") && !kind.equals("vars") && !kind.equals("children")) {
                    problem(at, "unknown section type ':" + kind + "'" + Suggest.hint(kind, List.of("vars", "children"))
                            + "; sections are [group], [group:vars] or [group:children]");
                    section = null;
                    continue;
                }
                if (!NAME.matcher(section).matches()) {
                    problem(at, "group name '" + section + "' must be letters, digits, '.', '_' or '-'");
                    section = null;
                    continue;
                }
                group(section, at);
                continue;
            }
            if (section == null) {
                continue; // under a broken header: already reported
            }
            switch (kind) {
                case "vars" -> {
                    int eq = line.indexOf('=');
                    if (eq <= 0) {
                        problem(at, "expected key=value in [" + section + ":vars], found '" + line + "'");
                        continue;
                    }
                    String key = line.substring(0, eq).strip();
                    String value = unquote(stripComment(line.substring(eq + 1)).strip());
                    groups.get(section).vars.put(key, Var.of(value, new Origin(lineNo, eq + 2, section + ":vars." + key)));
                }
                case "children" -> {
                    String child = stripComment(line).strip();
                    if (!NAME.matcher(child).matches()) {
                        problem(at, "group name '" + child + "' must be letters, digits, '.', '_' or '-'");
                        continue;
                    }
                    link(section, child, at);
                }
                default -> hostLine(section, line, lineNo);
            }
        }
        return build();
    }

    private void hostLine(String group, String line, int lineNo) {
        List<String> words;
        try {
            words = shellWords(stripComment(line));
        } catch (IllegalArgumentException e) {
            problem(new Origin(lineNo, 1, ""), e.getMessage());
            return;
        }
        if (words.isEmpty()) {
            return;
        }
        String pattern = words.get(0);
        Map<String, Var> vars = new LinkedHashMap<>();
        // "web-1:2222" is Ansible's short form of ansible_port (not for IPv6 addresses)
        Matcher hp = Pattern.compile("(.+?):(\\d+)").matcher(pattern);
        if (hp.matches() && !pattern.contains("::")) {
            pattern = hp.group(1);
            vars.put("ansible_port", Var.of(hp.group(2), new Origin(lineNo, 1, pattern)));
        }
        int column = line.indexOf(words.get(0)) + words.get(0).length() + 2;
        for (String w : words.subList(1, words.size())) {
            int eq = w.indexOf('=');
            int col = Math.max(1, line.indexOf(w, column - 2) + 1);
            if (eq <= 0) {
                problem(new Origin(lineNo, col, ""), "expected key=value after host '" + pattern + "', found '" + w + "'");
                continue;
            }
            String key = w.substring(0, eq);
            vars.put(key, Var.of(w.substring(eq + 1), new Origin(lineNo, col, pattern + "." + key)));
        }
        for (String name : expand(pattern, new Origin(lineNo, 1, ""))) {
            addHost(group, name, vars, new Origin(lineNo, 1, name));
        }
    }

    // ---- YAML ----

    Inventory loadYaml(YamlNode root) throws ValidationException {
        for (var e : root.mapping().entrySet()) {
            yamlGroup(e.getKey(), e.getValue(), null);
        }
        return build();
    }

    private void yamlGroup(String name, YamlNode node, String parent) {
        Origin at = new Origin(node.line(), node.column(), node.path());
        if (!NAME.matcher(name).matches()) {
            node.keyError("group name '" + name + "' must be letters, digits, '.', '_' or '-'");
            return;
        }
        group(name, at);
        if (parent != null) {
            link(parent, name, at);
        }
        if (node.isNull()) {
            return;
        }
        Map<String, YamlNode> m = node.mapping(List.of("hosts", "children", "vars"));
        if (m.containsKey("vars") && !m.get("vars").isNull()) {
            vars(m.get("vars"), groups.get(name).vars);
        }
        if (m.containsKey("hosts") && !m.get("hosts").isNull()) {
            for (var h : m.get("hosts").mapping().entrySet()) {
                Map<String, Var> vars = new LinkedHashMap<>();
                if (!h.getValue().isNull()) {
                    vars(h.getValue(), vars);
                }
                Origin ho = new Origin(h.getValue().line(), h.getValue().column(), h.getValue().path());
                for (String host : expand(h.getKey(), ho)) {
                    addHost(name, host, vars, ho);
                }
            }
        }
        if (m.containsKey("children") && !m.get("children").isNull()) {
            for (var c : m.get("children").mapping().entrySet()) {
                yamlGroup(c.getKey(), c.getValue(), name);
            }
        }
    }

    private static void vars(YamlNode node, Map<String, Var> into) {
        for (var v : node.mapping().entrySet()) {
            YamlNode value = v.getValue();
            Origin o = new Origin(value.line(), value.column(), value.path());
            if (value.isScalar()) {
                into.put(v.getKey(), Var.of(value.isNull() ? "" : value.string().orElse(""), o));
            } else if (value.isSequence() && value.sequence().stream().allMatch(YamlNode::isScalar)) {
                into.put(v.getKey(), new Var(null, value.stringList(), false, o));
            } else {
                into.put(v.getKey(), new Var(null, null, true, o));
            }
        }
    }

    // ---- the model ----

    private Group group(String name, Origin at) {
        Group g = groups.get(name);
        if (g == null) {
            g = new Group(name, at);
            groups.put(name, g);
        } else if (g.origin.line() == 0) {
            g.origin = at;
        }
        return g;
    }

    private void link(String parent, String child, Origin at) {
        if (child.equals("all")) {
            problem(at, "'all' cannot be a child group");
            return;
        }
        group(parent, at).children.add(child);
        group(child, at).parents.add(parent);
        if (ancestors(parent).contains(child)) {
            problem(at, "group '" + child + "' is its own ancestor through [" + parent + ":children]");
            groups.get(parent).children.remove(child);
            groups.get(child).parents.remove(parent);
        }
    }

    private void addHost(String group, String name, Map<String, Var> vars, Origin at) {
        if (!NAME.matcher(name).matches()) {
            problem(at, "host name '" + name + "' must be letters, digits, '.', '_' or '-'");
            return;
        }
        HostDef h = hosts.computeIfAbsent(name, n -> new HostDef(n, at));
        h.vars.putAll(vars); // a host listed again adds to (and overrides) its variables, as in Ansible
        group(group, at).hosts.add(name);
    }

    /** Every group above {@code name} (its parents, theirs, ...); "all" is implicit. */
    private Set<String> ancestors(String name) {
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
    private int depth(String name, Map<String, Integer> memo, Set<String> visiting) {
        if (name.equals("all")) {
            return 0;
        }
        Integer known = memo.get(name);
        if (known != null) {
            return known;
        }
        if (!visiting.add(name)) {
            return 1;
        }
        int d = 1;
        for (String p : groups.get(name).parents) {
            d = Math.max(d, depth(p, memo, visiting) + 1);
        }
        visiting.remove(name);
        memo.put(name, d);
        return d;
    }

    private Inventory build() throws ValidationException {
        Map<String, Integer> depths = new HashMap<>();
        for (Group g : groups.values()) {
            if (g.parents.isEmpty() && !g.name.equals("all")) {
                g.parents.add("all");
            }
        }
        for (String g : groups.keySet()) {
            depth(g, depths, new LinkedHashSet<>());
        }
        List<Host> out = new ArrayList<>();
        for (HostDef h : hosts.values()) {
            Set<String> mine = new LinkedHashSet<>();
            for (Group g : groups.values()) {
                if (g.hosts.contains(h.name)) {
                    mine.add(g.name);
                    mine.addAll(ancestors(g.name));
                }
            }
            mine.add("all");
            if (mine.stream().anyMatch(g -> !g.equals("all") && !g.equals("ungrouped"))) {
                mine.remove("ungrouped");
            } else {
                mine.add("ungrouped");
            }
            List<Group> ordered = mine.stream().map(groups::get)
                    .sorted(Comparator.<Group>comparingInt(g -> depths.getOrDefault(g.name, 0))
                            .thenComparingInt(this::priority).thenComparing(g -> g.name))
                    .toList();
            Map<String, Var> vars = new LinkedHashMap<>();
            for (Group g : ordered) {
                vars.putAll(g.vars);
            }
            vars.putAll(h.vars);
            List<String> hostGroups = ordered.stream().map(g -> g.name).filter(g -> !g.equals("all")).toList();
            Host host = host(h, vars, hostGroups);
            if (host != null) {
                out.add(host.withVars(profileVars(vars)));
            }
        }
        problems.throwIfAny();
        return new Inventory(file, out, warnings);
    }

    /**
     * The variables a profile may use: everything but Ansible's connection and behaviour
     * variables ({@code ansible_*}) and netune's own ({@code netune_*}).
     */
    private static Map<String, String> profileVars(Map<String, Var> vars) {
        Map<String, String> out = new LinkedHashMap<>();
        vars.forEach((k, v) -> {
            if (!k.startsWith("ansible_") && !k.startsWith("netune_") && v.value() != null) {
                out.put(k, v.value());
            }
        });
        return out;
    }

    private int priority(Group g) {
        Var v = g.vars.get("ansible_group_priority");
        if (v == null || v.value() == null) {
            return 1;
        }
        try {
            return Integer.parseInt(v.value().strip());
        } catch (NumberFormatException e) {
            problem(v.origin(), "ansible_group_priority must be a whole number, found '" + v.value() + "'");
            return 1;
        }
    }

    private Host host(HostDef h, Map<String, Var> vars, List<String> hostGroups) {
        for (var e : vars.entrySet()) {
            if (e.getKey().startsWith("netune_") && !NETUNE_VARS.contains(e.getKey())) {
                problem(e.getValue().origin(), "unknown variable '" + e.getKey() + "'"
                        + Suggest.hint(e.getKey(), NETUNE_VARS) + "; netune reads " + String.join(", ", NETUNE_VARS));
            }
        }
        Var connection = vars.get("ansible_connection");
        if (connection != null && connection.value() != null
                && !Set.of("ssh", "smart", "paramiko", "paramiko_ssh").contains(connection.value())) {
            warnings.add(h.name + ": ansible_connection=" + connection.value()
                    + " is not SSH; netune skips this host (without -i netune targets the local machine)");
            return null;
        }
        String address = string(vars, h, "ansible_host", "ansible_ssh_host");
        if (address != null && HostNames.problem(address) != null) {
            problem(origin(vars, "ansible_host", "ansible_ssh_host"), HostNames.describe(address));
            return null;
        }
        Integer port = null;
        String portText = string(vars, h, "ansible_port", "ansible_ssh_port");
        if (portText != null) {
            try {
                port = Integer.parseInt(portText.strip());
                if (port < 1 || port > 65535) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                problem(origin(vars, "ansible_port", "ansible_ssh_port"), "port must be 1..65535, found '" + portText + "'");
                return null;
            }
        }
        String user = string(vars, h, "ansible_user", "ansible_ssh_user");
        if (user != null && !Connections.USER.matcher(user).matches()) {
            problem(origin(vars, "ansible_user", "ansible_ssh_user"), "'" + user + "' is not a valid user name");
            return null;
        }
        Boolean become = null;
        String becomeText = string(vars, h, "ansible_become");
        if (becomeText != null) {
            String b = becomeText.strip().toLowerCase(Locale.ROOT);
            if (TRUE.contains(b)) {
                become = true;
            } else if (FALSE.contains(b)) {
                become = false;
            } else {
                problem(origin(vars, "ansible_become"), "ansible_become must be true or false (yes/no, 1/0), found '"
                        + becomeText + "'");
                return null;
            }
        }
        String key = string(vars, h, "ansible_ssh_private_key_file", "ansible_private_key_file");
        String known = string(vars, h, "netune_known_hosts");
        String sshConfig = string(vars, h, "netune_ssh_config");
        String jump = string(vars, h, "netune_proxy_jump");
        if (jump == null) {
            jump = proxyJumpFromArgs(vars, h);
        }
        List<Path> profiles = new ArrayList<>();
        Var pv = vars.get("netune_profiles");
        if (pv != null) {
            if (pv.complex()) {
                problem(pv.origin(), "netune_profiles must be a list of files or a comma-separated string");
                return null;
            }
            List<String> names = pv.list() != null ? pv.list() : List.of(pv.value().split(","));
            for (String n : names) {
                String p = unquote(n.strip());
                if (!p.isEmpty()) {
                    profiles.add(InventoryLoader.expand(p, file));
                }
            }
        }
        Origin at = h.origin;
        return connections.resolve(new Connections.Spec(h.name, address, port, user,
                key == null ? null : InventoryLoader.expand(key, file),
                known == null ? null : InventoryLoader.expand(known, file), become, jump, sshConfig,
                hostGroups, profiles), m -> problem(at, h.name + ": " + m));
    }

    /** {@code -J bastion} or {@code -o ProxyJump=bastion} in the ssh argument variables. */
    private String proxyJumpFromArgs(Map<String, Var> vars, HostDef h) {
        for (String name : List.of("ansible_ssh_common_args", "ansible_ssh_extra_args")) {
            String args = string(vars, h, name);
            if (args == null) {
                continue;
            }
            List<String> words;
            try {
                words = shellWords(args);
            } catch (IllegalArgumentException e) {
                problem(vars.get(name).origin(), name + ": " + e.getMessage());
                continue;
            }
            for (int i = 0; i < words.size(); i++) {
                String w = words.get(i);
                String opt = null;
                if (w.equals("-J") && i + 1 < words.size()) {
                    return words.get(i + 1);
                } else if (w.startsWith("-J")) {
                    return w.substring(2);
                } else if (w.equals("-o") && i + 1 < words.size()) {
                    opt = words.get(++i);
                } else if (w.startsWith("-o")) {
                    opt = w.substring(2);
                }
                if (opt != null) {
                    Matcher m = Pattern.compile("(?i)ProxyJump[=\\s]\\s*(.+)").matcher(opt.strip());
                    if (m.matches()) {
                        return m.group(1).strip();
                    }
                    if (opt.strip().toLowerCase(Locale.ROOT).startsWith("proxycommand")) {
                        warnings.add(h.name + ": " + name + " has a ProxyCommand, which netune cannot run;"
                                + " use ProxyJump (netune_proxy_jump) instead");
                    }
                }
            }
        }
        return null;
    }

    private String string(Map<String, Var> vars, HostDef h, String... names) {
        for (String n : names) {
            Var v = vars.get(n);
            if (v == null) {
                continue;
            }
            if (v.value() == null) {
                problem(v.origin(), n + " must be a single value");
                return null;
            }
            String s = v.value().strip();
            return s.isEmpty() ? null : s;
        }
        return null;
    }

    private static Origin origin(Map<String, Var> vars, String... names) {
        for (String n : names) {
            if (vars.containsKey(n)) {
                return vars.get(n).origin();
            }
        }
        return new Origin(0, 0, "");
    }

    private void problem(Origin at, String message) {
        problems.add(new Problem(file, at.line(), at.column(), at.path(), message));
    }

    // ---- text helpers ----

    /** At most this many hosts from one pattern: {@code h[0:9999][0:9999]} is 10^8 names. */
    static final long MAX_HOSTS_PER_PATTERN = 100_000;
    /** At most this many hosts from all patterns of the inventory together. */
    static final long MAX_HOSTS = 200_000;
    private long hostsExpanded;

    /**
     * Host patterns with ranges: {@code web-[01:03]} is web-01, web-02, web-03; {@code [a:c]}.
     * The number of names is worked out before any is made, so a pattern multiplying ranges
     * is refused instead of filling the heap.
     */
    private List<String> expand(String pattern, Origin at) {
        long count = 1;
        Matcher r = RANGE.matcher(pattern);
        while (count <= MAX_HOSTS_PER_PATTERN && r.find()) {
            count *= rangeSize(r); // at most 10^5 * (10^9 + 1): no overflow
        }
        if (count > MAX_HOSTS_PER_PATTERN) {
            problem(at, "host pattern '" + pattern + "' expands to more than " + MAX_HOSTS_PER_PATTERN + " hosts");
            return List.of();
        }
        if (hostsExpanded + count > MAX_HOSTS) {
            if (hostsExpanded <= MAX_HOSTS) { // said once; later patterns are not expanded either
                problem(at, "the inventory's host patterns expand to more than " + MAX_HOSTS + " hosts");
            }
            hostsExpanded = MAX_HOSTS + 1;
            return List.of();
        }
        hostsExpanded += count;
        return expandRanges(pattern, at);
    }

    /** Names one range stands for (1 for a range expandRanges refuses: it reports it there). */
    private static long rangeSize(Matcher m) {
        String from = m.group(1);
        String to = m.group(2);
        if (from.length() > 9 || to.length() > 9 || (m.group(3) != null && m.group(3).length() > 5)) {
            return 1;
        }
        long step = m.group(3) == null ? 1 : Math.max(1, Long.parseLong(m.group(3)));
        long a = Character.isDigit(from.charAt(0)) ? Long.parseLong(from) : from.charAt(0);
        long b = Character.isDigit(to.charAt(0)) ? Long.parseLong(to) : to.charAt(0);
        return b < a ? 1 : (b - a) / step + 1;
    }

    private List<String> expandRanges(String pattern, Origin at) {
        Matcher m = RANGE.matcher(pattern);
        if (!m.find()) {
            return List.of(pattern);
        }
        String head = pattern.substring(0, m.start());
        String tail = pattern.substring(m.end());
        String from = m.group(1);
        String to = m.group(2);
        List<String> values = new ArrayList<>();
        boolean numeric = Character.isDigit(from.charAt(0));
        // bounds of at most 9 digits fit a long; a step of more than 5 digits could only ever name one host
        boolean sane = (m.group(3) == null || m.group(3).length() <= 5) && (!numeric || from.length() <= 9 && to.length() <= 9);
        int step = sane && m.group(3) != null ? Integer.parseInt(m.group(3)) : 1;
        if (!sane || numeric != Character.isDigit(to.charAt(0)) || step < 1) {
            problem(at, "host range '" + m.group() + "' must be [N:M] or [a:z] with a positive step"
                    + " (bounds of at most 9 digits, a step of at most 5 digits)");
            return List.of();
        }
        if (numeric) {
            long a = Long.parseLong(from);
            long b = Long.parseLong(to);
            if (b < a || (b - a) / step > 10_000) {
                problem(at, "host range '" + m.group() + "' is empty or larger than 10000 hosts");
                return List.of();
            }
            String format = from.length() > 1 && from.startsWith("0") ? "%0" + from.length() + "d" : "%d";
            for (long i = a; i <= b; i += step) {
                values.add(String.format(Locale.ROOT, format, i));
            }
        } else {
            for (int c = from.charAt(0); c <= to.charAt(0); c += step) {
                values.add(String.valueOf((char) c));
            }
        }
        List<String> out = new ArrayList<>();
        for (String v : values) {
            out.addAll(expandRanges(head + v + tail, at));
        }
        return out;
    }

    /** Ansible's INI inline comments: " #" outside quotes. */
    private static String stripComment(String s) {
        boolean single = false;
        boolean dbl = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\'' && !dbl) {
                single = !single;
            } else if (c == '"' && !single) {
                dbl = !dbl;
            } else if (c == '#' && !single && !dbl && (i == 0 || Character.isWhitespace(s.charAt(i - 1)))) {
                return s.substring(0, i);
            }
        }
        return s;
    }

    private static String unquote(String s) {
        if (s.length() >= 2 && (s.startsWith("\"") && s.endsWith("\"") || s.startsWith("'") && s.endsWith("'"))) {
            return s.substring(1, s.length() - 1);
        }
        return s;
    }

    /** shlex-style words, as Ansible splits host lines: quotes group and are removed. */
    static List<String> shellWords(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = null;
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"' && i + 1 < s.length()) {
                    cur.append(s.charAt(++i));
                } else {
                    cur.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                if (cur == null) {
                    cur = new StringBuilder();
                }
            } else if (Character.isWhitespace(c)) {
                if (cur != null) {
                    out.add(cur.toString());
                    cur = null;
                }
            } else {
                if (cur == null) {
                    cur = new StringBuilder();
                }
                if (c == '\\' && i + 1 < s.length()) {
                    c = s.charAt(++i);
                }
                cur.append(c);
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unbalanced " + (quote == '"' ? "double" : "single") + " quote");
        }
        if (cur != null) {
            out.add(cur.toString());
        }
        return out;
    }
}
