package dev.netune.inventory;

import dev.netune.profile.Problems;
import dev.netune.profile.ValidationException;
import dev.netune.profile.YamlNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * netune's own YAML inventory: {@code defaults}, {@code groups} (each with {@code profiles}
 * and {@code hosts}) and ungrouped {@code hosts}. Profile paths are relative to the inventory.
 */
final class NetuneInventory {
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,252}");
    private static final Pattern USER = Connections.USER;
    private static final List<String> CONNECTION_KEYS =
            List.of("address", "port", "user", "identityFile", "knownHosts", "become", "proxyJump");

    /** Connection settings; null fields are inherited from the enclosing level. */
    private record Conn(String address, Integer port, String user, String identityFile, String knownHosts,
                        Boolean become, String proxyJump) {
        static final Conn NONE = new Conn(null, null, null, null, null, null, null);

        Conn over(Conn base) {
            return new Conn(address != null ? address : base.address, port != null ? port : base.port,
                    user != null ? user : base.user, identityFile != null ? identityFile : base.identityFile,
                    knownHosts != null ? knownHosts : base.knownHosts, become != null ? become : base.become,
                    proxyJump != null ? proxyJump : base.proxyJump);
        }
    }

    /** {@code nameOnly}: the address is the host's name because no level gave one. */
    private record Entry(String name, Conn conn, boolean nameOnly, List<String> groups, List<Path> profiles,
                         Map<String, String> vars, YamlNode node) {
    }

    private final Problems problems;
    private final List<String> warnings;
    private final Connections connections;

    NetuneInventory(Problems problems, List<String> warnings, Connections connections) {
        this.problems = problems;
        this.warnings = warnings;
        this.connections = connections;
    }

    Inventory load(Path inv, YamlNode root) throws ValidationException {
        Map<String, YamlNode> top = root.mapping(List.of("defaults", "groups", "hosts"));
        Conn defaults = new Conn(null, null, null, null, null, false, null);
        String sshConfig = null;
        Map<String, String> defaultVars = Map.of();
        if (top.containsKey("defaults")) {
            defaults = conn(top.get("defaults"), List.of("sshConfig", "vars")).over(defaults);
            YamlNode sc = top.get("defaults").mapping().get("sshConfig");
            if (sc != null) {
                sshConfig = sc.string().orElse(null);
            }
            defaultVars = vars(top.get("defaults").mapping().get("vars"), Map.of());
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        if (top.containsKey("hosts")) {
            hosts(top.get("hosts"), null, List.of(), defaults, defaultVars, Map.of(), inv, entries);
        }
        if (top.containsKey("groups")) {
            for (var g : top.get("groups").mapping().entrySet()) {
                String group = g.getKey();
                if (!HOST_NAME.matcher(group).matches()) {
                    g.getValue().keyError("group name '" + group + "' must be letters, digits, '.', '_' or '-'");
                }
                Map<String, YamlNode> gm = g.getValue().mapping(
                        concat(CONNECTION_KEYS, List.of("profiles", "hosts", "vars")));
                Conn groupConn = conn(g.getValue(), List.of("profiles", "hosts", "vars")).over(defaults);
                List<Path> profiles = gm.containsKey("profiles") ? paths(gm.get("profiles"), inv) : List.of();
                Map<String, String> groupVars = vars(gm.get("vars"), Map.of());
                if (gm.containsKey("hosts")) {
                    hosts(gm.get("hosts"), group, profiles, groupConn, defaultVars, groupVars, inv, entries);
                }
            }
        }
        List<Host> hosts = new ArrayList<>();
        for (Entry e : entries.values()) {
            Conn c = e.conn;
            // "web-1:" alone: its name is what ssh (and so ~/.ssh/config) is asked for
            String address = e.nameOnly ? null : c.address;
            Host h = connections.resolve(new Connections.Spec(e.name, address, c.port, c.user,
                    c.identityFile == null ? null : InventoryLoader.expand(c.identityFile, inv),
                    c.knownHosts == null ? null : InventoryLoader.expand(c.knownHosts, inv), c.become, c.proxyJump, sshConfig,
                    e.groups, e.profiles), e.node::error);
            if (h != null) {
                hosts.add(h.withVars(e.vars));
            }
        }
        problems.throwIfAny();
        return new Inventory(inv, hosts, warnings);
    }

    /**
     * Variables: defaults, then each group's own in the order the host is listed, then the
     * host's own; a later listing wins, but defaults never override a group's.
     */
    private void hosts(YamlNode node, String group, List<Path> groupProfiles, Conn base, Map<String, String> defaultVars,
                       Map<String, String> groupVars, Path inv, Map<String, Entry> entries) {
        for (var h : node.mapping().entrySet()) {
            String name = h.getKey();
            if (!HOST_NAME.matcher(name).matches()) {
                h.getValue().keyError("host name '" + name + "' must be letters, digits, '.', '_' or '-'");
                continue;
            }
            YamlNode hn = h.getValue();
            Conn own = Conn.NONE;
            List<Path> profiles = new ArrayList<>(groupProfiles);
            YamlNode ownVars = null;
            if (!hn.isNull()) { // "web-1:" alone means: reach it by its name, inherit the rest
                if (hn.isScalar()) {
                    hn.error("host entries are mappings such as {address: 10.0.0.5}");
                    continue;
                }
                Map<String, YamlNode> m = hn.mapping(concat(CONNECTION_KEYS, List.of("profiles", "vars")));
                own = conn(hn, List.of("profiles", "vars"));
                ownVars = m.get("vars");
                if (m.containsKey("profiles")) {
                    profiles.addAll(paths(m.get("profiles"), inv));
                }
            }
            boolean nameOnly = own.address == null;
            Conn conn = nameOnly ? new Conn(name, own.port, own.user, own.identityFile,
                    own.knownHosts, own.become, own.proxyJump).over(base) : own.over(base);
            Entry existing = entries.get(name);
            if (existing == null) {
                List<String> groups = group == null ? List.of() : List.of(group);
                Map<String, String> vars = new LinkedHashMap<>(defaultVars);
                vars.putAll(vars(ownVars, groupVars));
                entries.put(name, new Entry(name, conn, nameOnly, groups, profiles, vars, hn));
            } else {
                if (!existing.conn.equals(conn)) {
                    hn.error("host '" + name + "' is listed again with different connection settings (first at line "
                            + existing.node.line() + ")");
                }
                List<String> groups = new ArrayList<>(existing.groups);
                if (group != null && !groups.contains(group)) {
                    groups.add(group);
                }
                List<Path> merged = new ArrayList<>(existing.profiles);
                profiles.stream().filter(p -> !merged.contains(p)).forEach(merged::add);
                // listed again: this group's and this listing's variables win over earlier ones
                Map<String, String> vars = new LinkedHashMap<>(existing.vars);
                vars.putAll(vars(ownVars, groupVars));
                entries.put(name, new Entry(name, existing.conn, existing.nameOnly, groups, merged, vars, existing.node));
            }
        }
    }

    private static final java.util.regex.Pattern VAR_NAME = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /**
     * {@code vars:} of a level over those of the enclosing one: names to single values, which
     * profiles use as {@code ${vars.NAME}}.
     */
    private static Map<String, String> vars(YamlNode node, Map<String, String> base) {
        Map<String, String> out = new LinkedHashMap<>(base);
        if (node == null || node.isNull()) {
            return out;
        }
        for (var e : node.mapping().entrySet()) {
            if (!VAR_NAME.matcher(e.getKey()).matches()) {
                e.getValue().keyError("variable name '" + e.getKey() + "' must be letters, digits and '_'"
                        + " (not starting with a digit)");
            } else if (!e.getValue().isScalar() || e.getValue().isNull()) {
                e.getValue().error("a variable is a single value (a number or a string)");
            } else {
                e.getValue().string().ifPresent(v -> out.put(e.getKey(), v));
            }
        }
        return out;
    }

    /** Reads the connection keys present at this level; {@code otherKeys} are allowed but ignored. */
    private Conn conn(YamlNode node, List<String> otherKeys) {
        Map<String, YamlNode> m = node.mapping();
        String address = null;
        Integer port = null;
        String user = null;
        String identity = null;
        String known = null;
        Boolean become = null;
        String proxyJump = null;
        if (m.containsKey("proxyJump")) {
            proxyJump = m.get("proxyJump").string().orElse(null);
        }
        if (m.containsKey("address")) {
            address = m.get("address").string().orElse(null);
            if (address != null && HostNames.problem(address) != null) {
                m.get("address").error(HostNames.describe(address));
                address = null;
            }
        }
        if (m.containsKey("port")) {
            java.util.OptionalLong p = m.get("port").integer();
            if (p.isPresent() && (p.getAsLong() < 1 || p.getAsLong() > 65535)) {
                m.get("port").error("port must be 1..65535, found " + p.getAsLong());
            } else if (p.isPresent()) {
                port = (int) p.getAsLong();
            }
        }
        if (m.containsKey("user")) {
            user = m.get("user").string().orElse(null);
            if (user != null && !USER.matcher(user).matches()) {
                m.get("user").error("'" + user + "' is not a valid user name");
                user = null;
            }
        }
        if (m.containsKey("identityFile")) {
            identity = m.get("identityFile").string().orElse(null);
        }
        if (m.containsKey("knownHosts")) {
            known = m.get("knownHosts").string().orElse(null);
        }
        if (m.containsKey("become")) {
            become = m.get("become").bool().orElse(null);
        }
        if (node.path().equals("defaults")) {
            node.mapping(concat(CONNECTION_KEYS, otherKeys));
        }
        return new Conn(address, port, user, identity, known, become, proxyJump);
    }

    private static List<Path> paths(YamlNode node, Path inv) {
        List<Path> out = new ArrayList<>();
        for (String s : node.stringList()) {
            out.add(InventoryLoader.expand(s, inv));
        }
        return out;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
