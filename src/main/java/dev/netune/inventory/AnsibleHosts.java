package dev.netune.inventory;

import dev.netune.inventory.AnsibleVar.Origin;
import dev.netune.profile.Suggest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a host's merged Ansible variables into how netune reaches it, reading what Ansible's ssh
 * connection reads: {@code ansible_host}, {@code ansible_port}, {@code ansible_user} (and their
 * old {@code ansible_ssh_*} names), {@code ansible_ssh_private_key_file}, {@code ansible_become}
 * (with {@code ansible_become_method} sudo only), and the {@code -o Keyword=value} / {@code -J}
 * options of {@code ansible_ssh_common_args} and {@code ansible_ssh_extra_args}, which come after
 * those (so they only fill what the variables leave open, as in ssh's first-value-wins); plus
 * netune's own {@code netune_profiles}, {@code netune_known_hosts}, {@code netune_ssh_config},
 * {@code netune_proxy_jump}. Other variables are the profiles' ({@code ${vars.NAME}}).
 */
final class AnsibleHosts {
    private static final List<String> NETUNE_VARS =
            List.of("netune_profiles", "netune_known_hosts", "netune_ssh_config", "netune_proxy_jump");
    private static final Set<String> TRUE = Set.of("true", "yes", "1", "on", "y");
    private static final Set<String> FALSE = Set.of("false", "no", "0", "off", "n");
    /** ssh -o keywords of the argument variables netune applies (lower case). */
    private static final Set<String> APPLIED = Set.of("proxyjump", "proxycommand", "user", "port", "identityfile",
            "identitiesonly", "identityagent", "userknownhostsfile", "globalknownhostsfile", "connecttimeout",
            "hostname");

    private final Path file;
    private final AnsibleModel model;
    private final Connections connections;
    private final List<String> warnings;

    AnsibleHosts(Path file, AnsibleModel model, Connections connections, List<String> warnings) {
        this.file = file;
        this.model = model;
        this.connections = connections;
        this.warnings = warnings;
    }

    /** The host, or null after a problem or a warning (a non-SSH host is skipped). */
    Host host(AnsibleModel.Merged m) {
        AnsibleModel.HostDef h = m.host();
        Map<String, AnsibleVar> vars = m.vars();
        for (var e : vars.entrySet()) {
            if (e.getKey().startsWith("netune_") && !NETUNE_VARS.contains(e.getKey())) {
                model.problem(e.getValue().origin(), "unknown variable '" + e.getKey() + "'"
                        + Suggest.hint(e.getKey(), NETUNE_VARS) + "; netune reads " + String.join(", ", NETUNE_VARS));
            }
        }
        String connection = string(vars, "ansible_connection");
        if (connection != null && !Set.of("ssh", "smart", "paramiko", "paramiko_ssh").contains(connection)) {
            warnings.add(h.name + ": ansible_connection=" + connection
                    + " is not SSH; netune skips this host (without -i netune targets the local machine)");
            return null;
        }
        String address = string(vars, "ansible_host", "ansible_ssh_host");
        if (address != null && HostNames.problem(address) != null) {
            model.problem(origin(vars, "ansible_host", "ansible_ssh_host"), HostNames.describe(address));
            return null;
        }
        Integer port = null;
        String portText = string(vars, "ansible_port", "ansible_ssh_port");
        if (portText != null) {
            try {
                port = Integer.parseInt(portText.strip());
                if (port < 1 || port > 65535) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                model.problem(origin(vars, "ansible_port", "ansible_ssh_port"), "port must be 1..65535, found '"
                        + portText + "'");
                return null;
            }
        }
        String user = string(vars, "ansible_user", "ansible_ssh_user");
        if (user != null && !Connections.USER.matcher(user).matches()) {
            model.problem(origin(vars, "ansible_user", "ansible_ssh_user"), "'" + user + "' is not a valid user name");
            return null;
        }
        Boolean become = become(vars);
        if (become == null && vars.containsKey("ansible_become")) {
            return null;
        }
        String method = string(vars, "ansible_become_method");
        if (Boolean.TRUE.equals(become) && method != null && !method.equals("sudo")) {
            model.problem(origin(vars, "ansible_become_method"), "ansible_become_method '" + method
                    + "' is not supported; netune becomes root with sudo only");
            return null;
        }
        String key = string(vars, "ansible_ssh_private_key_file", "ansible_private_key_file");
        String known = string(vars, "netune_known_hosts");
        String sshConfig = string(vars, "netune_ssh_config");
        String jump = string(vars, "netune_proxy_jump");
        Map<String, List<String>> options = sshOptions(vars, h);
        if (options == null) {
            return null;
        }
        List<Path> profiles = profiles(vars);
        if (profiles == null) {
            return null;
        }
        Origin at = h.origin;
        Host host = connections.resolve(new Connections.Spec(h.name, address, port, user,
                key == null ? null : InventoryLoader.expand(key, file),
                known == null ? null : InventoryLoader.expand(known, file), become, jump, sshConfig,
                m.groups(), profiles, options), msg -> model.problem(at, h.name + ": " + msg));
        return host == null ? null : host.withVars(profileVars(vars));
    }

    private Boolean become(Map<String, AnsibleVar> vars) {
        String text = string(vars, "ansible_become");
        if (text == null) {
            return null;
        }
        String b = text.strip().toLowerCase(Locale.ROOT);
        if (TRUE.contains(b)) {
            return true;
        }
        if (FALSE.contains(b)) {
            return false;
        }
        model.problem(origin(vars, "ansible_become"), "ansible_become must be true or false (yes/no, 1/0), found '"
                + text + "'");
        return null;
    }

    private List<Path> profiles(Map<String, AnsibleVar> vars) {
        List<Path> profiles = new ArrayList<>();
        AnsibleVar pv = vars.get("netune_profiles");
        if (pv != null) {
            if (pv.complex()) {
                model.problem(pv.origin(), "netune_profiles must be a list of files or a comma-separated string");
                return null;
            }
            List<String> names = pv.list() != null ? pv.list() : List.of(pv.value().split(","));
            for (String n : names) {
                String p = AnsibleText.unquote(n.strip());
                if (!p.isEmpty()) {
                    profiles.add(InventoryLoader.expand(p, file));
                }
            }
        }
        return profiles;
    }

    /**
     * The {@code -o Keyword=value} and {@code -J} options of the ssh argument variables, as ssh
     * would read them (first value wins); keywords netune refuses are an error, others it does not
     * need (ControlMaster, ServerAliveInterval, ...) are left to ssh alone. Null after a problem.
     */
    private Map<String, List<String>> sshOptions(Map<String, AnsibleVar> vars, AnsibleModel.HostDef h) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String name : List.of("ansible_ssh_common_args", "ansible_ssh_extra_args")) {
            String args = string(vars, name);
            if (args == null) {
                continue;
            }
            List<String> words;
            try {
                words = AnsibleText.shellWords(args);
            } catch (IllegalArgumentException e) {
                model.problem(vars.get(name).origin(), name + ": " + e.getMessage());
                return null;
            }
            for (int i = 0; i < words.size(); i++) {
                String w = words.get(i);
                String opt = null;
                if (w.equals("-J") && i + 1 < words.size()) {
                    opt = "ProxyJump=" + words.get(++i);
                } else if (w.startsWith("-J")) {
                    opt = "ProxyJump=" + w.substring(2);
                } else if (w.equals("-o") && i + 1 < words.size()) {
                    opt = words.get(++i);
                } else if (w.startsWith("-o")) {
                    opt = w.substring(2);
                }
                if (opt == null) {
                    continue;
                }
                Matcher m = Pattern.compile("\\s*([A-Za-z0-9]+)\\s*(?:=|\\s)\\s*(.*)").matcher(opt);
                if (!m.matches()) {
                    continue;
                }
                String keyword = m.group(1).toLowerCase(Locale.ROOT);
                String value = m.group(2).strip();
                if (SshKeywords.REFUSED.contains(keyword) && !SshKeywords.harmless(keyword, value)) {
                    model.problem(vars.get(name).origin(), name + ": -o " + m.group(1) + " is not supported by netune"
                            + " and would change how ssh connects to or verifies " + h.name);
                    return null;
                }
                if (keyword.equals("stricthostkeychecking") && !value.equalsIgnoreCase("yes")) {
                    warnings.add(h.name + ": " + name + " turns off host key checking; netune always checks host keys"
                            + " (use --accept-new-host-keys for new hosts)");
                }
                if (!APPLIED.contains(keyword)) {
                    continue;
                }
                if (keyword.equals("identityfile")) {
                    out.computeIfAbsent(keyword, k -> new ArrayList<>()).add(value);
                } else if (!(keyword.startsWith("proxy") && (out.containsKey("proxyjump") || out.containsKey("proxycommand")))) {
                    out.putIfAbsent(keyword, keyword.endsWith("knownhostsfile") ? List.of(value.split("\\s+"))
                            : List.of(value));
                }
            }
        }
        return out;
    }

    /**
     * The variables a profile may use: everything but Ansible's connection and behaviour
     * variables ({@code ansible_*}) and netune's own ({@code netune_*}).
     */
    private static Map<String, String> profileVars(Map<String, AnsibleVar> vars) {
        Map<String, String> out = new LinkedHashMap<>();
        vars.forEach((k, v) -> {
            if (!k.startsWith("ansible_") && !k.startsWith("netune_") && v.value() != null) {
                out.put(k, v.value());
            }
        });
        return out;
    }

    private String string(Map<String, AnsibleVar> vars, String... names) {
        for (String n : names) {
            AnsibleVar v = vars.get(n);
            if (v == null) {
                continue;
            }
            if (v.value() == null) {
                model.problem(v.origin(), n + " must be a single value");
                return null;
            }
            String s = v.value().strip();
            return s.isEmpty() ? null : s;
        }
        return null;
    }

    private static Origin origin(Map<String, AnsibleVar> vars, String... names) {
        for (String n : names) {
            if (vars.containsKey(n)) {
                return vars.get(n).origin();
            }
        }
        return Origin.NONE;
    }
}
