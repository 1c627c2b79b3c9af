package dev.netune.inventory;

import dev.netune.profile.Problem;
import dev.netune.profile.Problems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns what an inventory says about a host into a {@link Host}, resolved the way {@code ssh}
 * resolves it ({@link SshConfig}): the inventory's values act as ssh's command-line options, then
 * the ssh config (looked up by the address the inventory gives, or by the host's name when it
 * gives none; the user's and the system's, or the one file the inventory names), then OpenSSH's
 * defaults (port 22, the local user, its default keys and known_hosts files).
 *
 * <p>ProxyJump ({@code [user@]host[:port]}, comma-separated for a chain, {@code none}) comes from
 * the inventory or the ssh config; each bastion is resolved with the same ssh config. A bastion
 * without an IdentityFile of its own is offered the target's identity files (and ssh-agent keys).
 */
final class Connections {
    static final Pattern USER = Pattern.compile("[a-z_][a-z0-9_.-]{0,31}");
    private static final Pattern JUMP = Pattern.compile(
            "(?:ssh://)?(?:([^@\\s]+)@)?(\\[[0-9A-Fa-f:.]+]|[^:@\\s\\[\\]]+)(?::(\\d{1,5}))?");

    /**
     * A host as an inventory describes it; null: not said (inherit from ssh config or defaults).
     * {@code sshConfig}: a path (relative to the inventory), "none", or null for ~/.ssh/config.
     */
    record Spec(String name, String address, Integer port, String user, Path identityFile, Path knownHosts,
                Boolean become, String proxyJump, String sshConfig, List<String> groups, List<Path> profiles,
                Map<String, List<String>> sshOptions) {
        Spec(String name, String address, Integer port, String user, Path identityFile, Path knownHosts,
             Boolean become, String proxyJump, String sshConfig, List<String> groups, List<Path> profiles) {
            this(name, address, port, user, identityFile, knownHosts, become, proxyJump, sshConfig, groups, profiles,
                    Map.of());
        }
    }

    private final Path inventory;
    private final Path userSshConfig;
    private final Path userKnownHosts;
    private final Problems problems;
    private final List<String> warnings;
    private final Map<List<Path>, SshConfig> parsed = new HashMap<>();
    private final Path systemSshConfig;

    /**
     * @param userSshConfig the ssh config used when the inventory names none (~/.ssh/config);
     *                      skipped when the file does not exist
     * @param systemSshConfig read after it (/etc/ssh/ssh_config); null or missing: none
     * @param userKnownHosts the user's own known_hosts, for hosts the inventory and ssh config name none
     */
    Connections(Path inventory, Path userSshConfig, Path systemSshConfig, Path userKnownHosts, Problems problems,
                List<String> warnings) {
        this.inventory = inventory;
        this.systemSshConfig = systemSshConfig;
        this.userSshConfig = userSshConfig;
        this.userKnownHosts = userKnownHosts;
        this.problems = problems;
        this.warnings = warnings;
    }

    /** The host, or null after reporting a problem through {@code error} or with ssh config lines. */
    Host resolve(Spec s, Consumer<String> error) {
        SshConfig config = config(s.sshConfig(), error);
        if (config == null) {
            return null;
        }
        String alias = s.address() != null ? s.address() : s.name();
        // the inventory's values are what Ansible passes as ssh -o options: they win over the config
        Map<String, List<String>> preset = new HashMap<>();
        if (s.port() != null) {
            preset.put("port", List.of(s.port().toString()));
        }
        if (s.user() != null) {
            preset.put("user", List.of(s.user()));
        }
        if (s.identityFile() != null) {
            preset.put("identityfile", List.of(s.identityFile().toString()));
        }
        if (s.knownHosts() != null) {
            preset.put("userknownhostsfile", List.of(s.knownHosts().toString()));
        }
        if (s.proxyJump() != null) {
            preset.put("proxyjump", List.of(s.proxyJump()));
        }
        // then ssh -o options given with the inventory (Ansible's ssh argument variables)
        s.sshOptions().forEach((k, v) -> {
            if (k.equals("identityfile")) {
                List<String> ids = new ArrayList<>(preset.getOrDefault(k, List.of()));
                v.forEach(ids::add);
                preset.put(k, ids);
            } else if (!(k.startsWith("proxy") && (preset.containsKey("proxyjump") || preset.containsKey("proxycommand")))) {
                preset.putIfAbsent(k, v);
            }
        });
        int before = problems.list().size();
        SshResolved c = config.resolve(alias, preset);
        String address = c.hostName();
        // the ssh config may be any file an inventory names: its values are never echoed
        if (HostNames.problem(address) != null) {
            if (c.from().containsKey("hostname")) {
                configError(c, "hostname", "HostName " + HostNames.problem(address));
            } else {
                error.accept(HostNames.describe(address) + "; give an address");
            }
            return null;
        }
        if (!USER.matcher(c.user()).matches()) {
            if (c.from().containsKey("user")) {
                configError(c, "user", "User is not a valid user name");
            } else {
                error.accept("the local user name is not a valid remote user name; set a user");
            }
            return null;
        }
        if (problems.list().size() > before) {
            return null;
        }
        List<Path> identities = c.identityFiles().stream().map(f -> InventoryLoader.expand(f, sshDir())).toList();
        List<Path> knownHosts = c.userKnownHostsFiles().stream().map(f -> InventoryLoader.expand(f, sshDir())).toList();
        if (!c.from().containsKey("userknownhostsfile") && s.knownHosts() == null
                && !userKnownHosts.equals(SshConfig.sshDir().resolve("known_hosts"))) {
            knownHosts = List.of(userKnownHosts); // --known-hosts stands for ~/.ssh/known_hosts
        }
        List<Path> global = c.globalKnownHostsFiles().stream().map(Path::of).toList();

        List<JumpHost> jumps = new ArrayList<>();
        String jumpSpec = c.proxyJump();
        if (jumpSpec != null) {
            boolean fromConfig = !preset.containsKey("proxyjump");
            Consumer<String> jumpError = fromConfig ? m -> configError(c, "proxyjump", m) : error;
            for (String part : jumpSpec.split(",")) {
                JumpHost j = jump(part.strip(), config, c.defaultIdentities() ? List.of() : identities, !fromConfig,
                        jumpError);
                if (j == null) {
                    return null;
                }
                jumps.add(j);
            }
        }
        SshSettings ssh = new SshSettings(identities, c.defaultIdentities(), c.identitiesOnly(), c.identityAgent(),
                c.proxyCommand(), knownHosts, global, c.connectTimeout(), c.hashKnownHosts());
        return new Host(s.name(), address, c.port(), c.user(), ssh, Boolean.TRUE.equals(s.become()),
                s.groups(), s.profiles(), jumps, Map.of());
    }

    /** {@code echo}: the spec is the inventory's own text and may be quoted in messages. */
    private JumpHost jump(String spec, SshConfig config, List<Path> targetIdentities, boolean echo,
                          Consumer<String> error) {
        Matcher m = JUMP.matcher(spec);
        if (!m.matches()) {
            error.accept("ProxyJump " + (echo ? "'" + spec + "' " : "") + "is not [user@]host[:port]");
            return null;
        }
        String name = m.group(2).startsWith("[") ? m.group(2).substring(1, m.group(2).length() - 1) : m.group(2);
        Map<String, List<String>> preset = new HashMap<>();
        if (m.group(1) != null) {
            preset.put("user", List.of(m.group(1)));
        }
        if (m.group(3) != null) {
            int port = Integer.parseInt(m.group(3));
            if (port < 1 || port > 65535) {
                error.accept("ProxyJump port must be 1..65535" + (echo ? ", found " + port : ""));
                return null;
            }
            preset.put("port", List.of(m.group(3)));
        }
        int before = problems.list().size();
        SshResolved c = config.resolve(name, preset);
        if (problems.list().size() > before) {
            return null;
        }
        String address = c.hostName();
        String bad = HostNames.problem(address);
        if (bad != null) {
            // a HostName found for the bastion comes from the ssh config: never echoed
            error.accept("ProxyJump host " + (echo && !c.from().containsKey("hostname") ? "'" + address + "' " : "") + bad);
            return null;
        }
        if (!USER.matcher(c.user()).matches()) {
            error.accept("ProxyJump user " + (echo && m.group(1) != null ? "'" + c.user() + "' " : "")
                    + "is not a valid user name");
            return null;
        }
        if (c.proxyJump() != null || c.proxyCommand() != null) {
            error.accept("ProxyJump host " + (echo ? "'" + name + "' " : "") + "has a ProxyJump or ProxyCommand of its own;"
                    + " list the whole chain in one ProxyJump instead");
            return null;
        }
        // a bastion with no IdentityFile of its own is offered the target's keys: one key for the
        // whole path is common (ssh -J would offer only its default keys; see README)
        boolean inherit = c.defaultIdentities() && !targetIdentities.isEmpty();
        List<Path> ids = inherit ? targetIdentities
                : c.identityFiles().stream().map(f -> InventoryLoader.expand(f, sshDir())).toList();
        return new JumpHost(name, address, c.port(), c.user(), ids, c.defaultIdentities() && !inherit);
    }

    /** The ssh config to resolve with (one with no file for "none"), or null after an error. */
    private SshConfig config(String setting, Consumer<String> error) {
        List<Path> files = new ArrayList<>();
        if (setting == null) {
            for (Path f : new Path[] {userSshConfig, systemSshConfig}) {
                files.add(f != null && Files.isRegularFile(f) ? f : null);
            }
        } else if (!setting.equalsIgnoreCase("none")) {
            // like ssh -F: this file only, no system-wide one
            Path file = InventoryLoader.expand(setting, inventory);
            if (!Files.isRegularFile(file)) {
                error.accept("ssh config file " + file + " does not exist");
                return null;
            }
            files.add(file);
            files.add(null);
        } else {
            files.add(null);
            files.add(null);
        }
        return parsed.computeIfAbsent(files, f -> {
            SshConfig c = SshConfig.parse(f.get(0), f.get(1), problems);
            warnings.addAll(c.warnings());
            return c;
        });
    }

    /** Relative IdentityFile paths in an ssh config are relative to ~/.ssh as ssh reads them. */
    private static Path sshDir() {
        return SshConfig.sshDir().resolve("config");
    }

    private void configError(SshResolved c, String keyword, String message) {
        SshConfigLines.Line s = c.from().get(keyword);
        problems.add(new Problem(s == null ? null : s.file(), s == null ? 0 : s.line(), 1, "", message));
    }
}
