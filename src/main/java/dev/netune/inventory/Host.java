package dev.netune.inventory;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One target host from the inventory: how to reach it and which profiles it gets.
 * {@code jumps} are the bastions to go through, in order (empty: connect directly); {@code ssh}
 * the keys, agent, proxy command and known_hosts files.
 */
public record Host(String name, String address, int port, String user, SshSettings ssh, boolean become,
                   List<String> groups, List<Path> profiles, List<JumpHost> jumps, Map<String, String> vars) {
    public Host {
        groups = List.copyOf(groups);
        profiles = List.copyOf(profiles);
        jumps = List.copyOf(jumps);
        vars = Map.copyOf(vars);
    }

    public Host(String name, String address, int port, String user, Path identityFile, Path knownHosts,
                boolean become, List<String> groups, List<Path> profiles, List<JumpHost> jumps, Map<String, String> vars) {
        this(name, address, port, user, SshSettings.of(identityFile, knownHosts), become, groups, profiles, jumps, vars);
    }

    public Host(String name, String address, int port, String user, Path identityFile, Path knownHosts,
                boolean become, List<String> groups, List<Path> profiles, List<JumpHost> jumps) {
        this(name, address, port, user, identityFile, knownHosts, become, groups, profiles, jumps, Map.of());
    }

    /** A host reached directly. */
    public Host(String name, String address, int port, String user, Path identityFile, Path knownHosts,
                boolean become, List<String> groups, List<Path> profiles) {
        this(name, address, port, user, identityFile, knownHosts, become, groups, profiles, List.of());
    }

    /** The same host with the inventory variables its profiles may use ({@code ${vars.NAME}}). */
    public Host withVars(Map<String, String> newVars) {
        return new Host(name, address, port, user, ssh, become, groups, profiles, jumps, newVars);
    }

    /** The first identity file set for the host, or null when none is (OpenSSH's defaults apply). */
    public Path identityFile() {
        return ssh.defaultIdentities() || ssh.identityFiles().isEmpty() ? null : ssh.identityFiles().get(0);
    }

    /** The user's first known_hosts file for the host (where new keys are added), or null. */
    public Path knownHosts() {
        return ssh.knownHostsFiles().isEmpty() ? null : ssh.knownHostsFiles().get(0);
    }

    // equals and hashCode written out, with the record's meaning (every component), because hosts
    // are map and set keys on every run's path (STYLE.md, "Start-up")
    @Override
    public boolean equals(Object o) {
        return o instanceof Host h && port == h.port && become == h.become && Objects.equals(name, h.name)
                && Objects.equals(address, h.address) && Objects.equals(user, h.user) && Objects.equals(ssh, h.ssh)
                && groups.equals(h.groups) && profiles.equals(h.profiles) && jumps.equals(h.jumps) && vars.equals(h.vars);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, address, port, user, ssh, become, groups, profiles, jumps, vars);
    }

    /** "web-1 (127.0.0.1:22001)". */
    public String describe() {
        return name + " (" + address + ":" + port + ")";
    }
}
