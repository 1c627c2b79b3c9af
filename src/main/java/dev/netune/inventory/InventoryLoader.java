package dev.netune.inventory;

import dev.netune.profile.IoErrors;
import dev.netune.profile.Problems;
import dev.netune.profile.ValidationException;
import dev.netune.profile.YamlNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Loads an inventory: netune's own YAML ({@link NetuneInventory}) or Ansible sources
 * ({@link AnsibleInventory}: INI, YAML, directories, scripts, several at once), told apart by
 * content, with the ssh config the hosts are resolved with ({@link Connections}).
 */
public final class InventoryLoader {
    private final Path userSshConfig;
    private final Path userKnownHosts;
    private final Path systemSshConfig;

    /** Reads ~/.ssh/config (when it exists) for what the inventory leaves open. */
    public InventoryLoader() {
        this(Path.of(System.getProperty("user.home"), ".ssh", "config"));
    }

    /** @param userSshConfig the ssh config used when the inventory names none; null: none */
    public InventoryLoader(Path userSshConfig) {
        this(userSshConfig, Path.of(System.getProperty("user.home"), ".ssh", "known_hosts"));
    }

    /**
     * @param userSshConfig  the ssh config used when the inventory names none; null: none
     * @param userKnownHosts the known_hosts of hosts for which neither the inventory nor the ssh
     *                       config names one (~/.ssh/known_hosts, or --known-hosts)
     */
    public InventoryLoader(Path userSshConfig, Path userKnownHosts) {
        this(userSshConfig, null, userKnownHosts);
    }

    /**
     * @param systemSshConfig read after the user's, as ssh does (/etc/ssh/ssh_config); null: none
     */
    public InventoryLoader(Path userSshConfig, Path systemSshConfig, Path userKnownHosts) {
        this.userSshConfig = userSshConfig;
        this.systemSshConfig = systemSshConfig;
        this.userKnownHosts = userKnownHosts;
    }

    /** The system-wide ssh client config ssh reads after the user's. */
    public static final Path SYSTEM_SSH_CONFIG = Path.of("/etc/ssh/ssh_config");

    /**
     * Loads netune's YAML inventory or an Ansible inventory (INI or YAML), told apart by content:
     * see {@link AnsibleInventory#isIni} and {@link AnsibleInventory#isYaml}.
     */
    public Inventory load(Path file) throws ValidationException {
        return load(List.of(file));
    }

    /**
     * Loads one netune inventory, or Ansible inventory sources as {@code ansible-inventory -i A -i
     * B} does: files, directories and executable scripts, merged into one.
     */
    public Inventory load(List<Path> files) throws ValidationException {
        List<Path> sources = files.stream().map(f -> f.toAbsolutePath().normalize()).toList();
        Path inv = sources.get(0);
        Problems problems = new Problems();
        List<String> warnings = new ArrayList<>();
        Connections connections = new Connections(inv, userSshConfig, systemSshConfig, userKnownHosts, problems, warnings);
        if (sources.size() > 1 || java.nio.file.Files.isDirectory(inv) || AnsibleInventory.isScript(inv)) {
            for (Path s : sources) {
                if (!java.nio.file.Files.exists(s)) {
                    problems.add(new dev.netune.profile.Problem(s, 0, 0, "", "does not exist"));
                }
            }
            problems.throwIfAny();
            return new AnsibleInventory(problems, warnings, connections).load(sources);
        }
        String text;
        try {
            text = java.nio.file.Files.readString(inv);
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            problems.add(new dev.netune.profile.Problem(inv, 0, 0, "", "cannot read: "
                    + IoErrors.reason(e instanceof java.io.IOException io ? io
                            : ((java.io.UncheckedIOException) e).getCause())));
            problems.throwIfAny();
            throw new IllegalStateException(e);
        }
        if (AnsibleInventory.isIni(inv, text)) {
            return new AnsibleInventory(problems, warnings, connections).load(List.of(inv));
        }
        Optional<YamlNode> root = YamlNode.parse(new java.io.StringReader(text), inv, problems);
        if (root.isEmpty()) {
            problems.throwIfAny();
        }
        if (AnsibleInventory.isYaml(root.get())) {
            return new AnsibleInventory(problems, warnings, connections).load(List.of(inv));
        }
        return new NetuneInventory(problems, warnings, connections).load(inv, root.get());
    }

    /** Expands ~ to the home directory; relative paths are relative to the inventory file. */
    static Path expand(String p, Path inv) {
        if (p.equals("~") || p.startsWith("~/")) {
            return Path.of(System.getProperty("user.home") + p.substring(1)).normalize();
        }
        Path path = Path.of(p);
        return path.isAbsolute() ? path.normalize() : inv.getParent().resolve(path).normalize();
    }

}
