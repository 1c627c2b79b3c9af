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
 * Turns what an inventory says about a host into a {@link Host}, filling what it leaves open from
 * the ssh client config the way {@code ssh} would: the inventory wins, then the ssh config (looked
 * up by the address the inventory gives, or by the host's name when it gives none), then OpenSSH's
 * defaults (port 22, the local user, ~/.ssh/known_hosts).
 *
 * <p>ProxyJump ({@code [user@]host[:port]}, comma-separated for a chain, {@code none}) comes from
 * the inventory or the ssh config; each bastion's name is looked up in the same ssh config for its
 * HostName, Port, User and IdentityFile. A bastion without an IdentityFile of its own is offered
 * the target's key (and ssh-agent keys).
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
                Boolean become, String proxyJump, String sshConfig, List<String> groups, List<Path> profiles) {
    }

    private final Path inventory;
    private final Path userSshConfig;
    private final Path userKnownHosts;
    private final Problems problems;
    private final List<String> warnings;
    private final Map<Path, SshConfig> parsed = new HashMap<>();

    /**
     * @param userSshConfig the ssh config used when the inventory names none (~/.ssh/config);
     *                      skipped when the file does not exist
     * @param userKnownHosts the user's own known_hosts, for hosts the inventory and ssh config name none
     */
    Connections(Path inventory, Path userSshConfig, Path userKnownHosts, Problems problems, List<String> warnings) {
        this.inventory = inventory;
        this.userSshConfig = userSshConfig;
        this.userKnownHosts = userKnownHosts;
        this.problems = problems;
        this.warnings = warnings;
    }

    /** The host, or null after reporting a problem through {@code error} or with ssh config lines. */
    Host resolve(Spec s, Consumer<String> error) {
        SshConfig config = config(s.sshConfig(), error);
        String alias = s.address() != null ? s.address() : s.name();
        SshConfig.Resolved c = config == null ? SshConfig.Resolved.NONE : config.resolve(alias);

        String address = s.address() != null ? s.address() : c.hostName() != null ? c.hostName() : alias;
        // the ssh config may be any file an inventory names: its values are never echoed
        if (s.address() == null && c.hostName() != null && HostNames.problem(address) != null) {
            configError(c, "hostname", "HostName " + HostNames.problem(address));
            return null;
        }
        if (s.address() == null && c.hostName() == null && HostNames.problem(address) != null) {
            error.accept(HostNames.describe(address) + "; give an address");
            return null;
        }
        int port = s.port() != null ? s.port() : c.port() != null ? c.port() : 22;
        String user = s.user() != null ? s.user() : c.user() != null ? c.user() : System.getProperty("user.name");
        if (s.user() == null && c.user() != null && !USER.matcher(user).matches()) {
            configError(c, "user", "User is not a valid user name");
            return null;
        }
        Path identity = s.identityFile() != null ? s.identityFile()
                : c.identityFile() != null ? InventoryLoader.expand(c.identityFile(), sshDir()) : null;
        Path knownHosts = s.knownHosts() != null ? s.knownHosts()
                : c.knownHostsFile() != null ? InventoryLoader.expand(c.knownHostsFile(), sshDir())
                : userKnownHosts;

        List<JumpHost> jumps = new ArrayList<>();
        String jumpSpec = s.proxyJump() != null ? s.proxyJump() : c.proxyJump();
        if (jumpSpec != null && !jumpSpec.equalsIgnoreCase("none")) {
            boolean fromConfig = s.proxyJump() == null;
            Consumer<String> jumpError = fromConfig ? m -> configError(c, "proxyjump", m) : error;
            for (String part : jumpSpec.split(",")) {
                JumpHost j = jump(part.strip(), config, identity, !fromConfig, jumpError);
                if (j == null) {
                    return null;
                }
                jumps.add(j);
            }
        }
        return new Host(s.name(), address, port, user, identity, knownHosts, Boolean.TRUE.equals(s.become()),
                s.groups(), s.profiles(), jumps);
    }

    /** {@code echo}: the spec is the inventory's own text and may be quoted in messages. */
    private JumpHost jump(String spec, SshConfig config, Path targetIdentity, boolean echo, Consumer<String> error) {
        Matcher m = JUMP.matcher(spec);
        if (!m.matches()) {
            error.accept("ProxyJump " + (echo ? "'" + spec + "' " : "") + "is not [user@]host[:port]");
            return null;
        }
        String name = m.group(2).startsWith("[") ? m.group(2).substring(1, m.group(2).length() - 1) : m.group(2);
        SshConfig.Resolved c = config == null ? SshConfig.Resolved.NONE : config.resolve(name);
        String address = c.hostName() != null ? c.hostName() : name;
        String bad = HostNames.problem(address);
        if (bad != null) {
            // a HostName found for the bastion comes from the ssh config: never echoed
            error.accept("ProxyJump host " + (echo && c.hostName() == null ? "'" + address + "' " : "") + bad);
            return null;
        }
        int port = 22;
        if (m.group(3) != null) {
            port = Integer.parseInt(m.group(3));
            if (port < 1 || port > 65535) {
                error.accept("ProxyJump port must be 1..65535" + (echo ? ", found " + port : ""));
                return null;
            }
        } else if (c.port() != null) {
            port = c.port();
        }
        String user = m.group(1) != null ? m.group(1) : c.user() != null ? c.user() : System.getProperty("user.name");
        if (!USER.matcher(user).matches()) {
            error.accept("ProxyJump user " + (echo && m.group(1) != null ? "'" + user + "' " : "")
                    + "is not a valid user name");
            return null;
        }
        Path identity = c.identityFile() != null ? InventoryLoader.expand(c.identityFile(), sshDir())
                : targetIdentity;
        return new JumpHost(name, address, port, user, identity);
    }

    private SshConfig config(String setting, Consumer<String> error) {
        Path file;
        if (setting == null) {
            if (userSshConfig == null || !Files.isRegularFile(userSshConfig)) {
                return null;
            }
            file = userSshConfig;
        } else if (setting.equalsIgnoreCase("none")) {
            return null;
        } else {
            file = InventoryLoader.expand(setting, inventory);
            if (!Files.isRegularFile(file)) {
                error.accept("ssh config file " + file + " does not exist");
                return null;
            }
        }
        return parsed.computeIfAbsent(file, f -> {
            SshConfig c = SshConfig.parse(f, problems);
            warnings.addAll(c.warnings());
            return c;
        });
    }

    /** Relative IdentityFile paths in an ssh config are relative to ~/.ssh as ssh reads them. */
    private static Path sshDir() {
        return Path.of(System.getProperty("user.home"), ".ssh", "config");
    }

    private void configError(SshConfig.Resolved c, String keyword, String message) {
        SshConfig.Setting s = c.from().get(keyword);
        problems.add(new Problem(s == null ? null : s.file(), s == null ? 0 : s.line(), 1, "", message));
    }
}
