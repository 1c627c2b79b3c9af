package dev.netune.transport;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Where and as whom to connect over SSH.
 *
 * @param name         inventory name of the host, used in messages ("web-1")
 * @param address      DNS name or IP address to connect to
 * @param port         TCP port of sshd
 * @param user         login user
 * @param identityFile private key file ({@code ~} is expanded), or null to rely on ssh-agent
 * @param knownHosts   known_hosts file that host keys are verified against ({@code ~} is expanded)
 * @param become       run scripts through {@code sudo -n} when {@code user} is not root
 * @param jumps        bastions to go through, in order (OpenSSH's ProxyJump); empty: connect directly.
 *                     Their host keys are checked against their own {@code knownHosts}.
 * @param login        more keys, agent, proxy command and known_hosts files ({@link SshLogin#NONE}: none)
 */
public record SshTarget(String name, String address, int port, String user, Path identityFile,
                        Path knownHosts, boolean become, List<SshTarget> jumps, SshLogin login) {

    public SshTarget(String name, String address, int port, String user, Path identityFile,
                     Path knownHosts, boolean become, List<SshTarget> jumps) {
        this(name, address, port, user, identityFile, knownHosts, become, jumps, SshLogin.NONE);
    }

    /** A target reached directly. */
    public SshTarget(String name, String address, int port, String user, Path identityFile, Path knownHosts,
                     boolean become) {
        this(name, address, port, user, identityFile, knownHosts, become, List.of());
    }

    public SshTarget {
        jumps = List.copyOf(jumps);
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(knownHosts, "knownHosts");
        Objects.requireNonNull(login, "login");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** Whether scripts run as root, directly or through sudo. */
    public boolean privileged() {
        return "root".equals(user) || become;
    }

    /** Whether scripts have to go through sudo to be privileged. */
    boolean needsSudo() {
        return become && !"root".equals(user);
    }

    /** "web-1 (127.0.0.1:22001)", the form every message uses. */
    public String describe() {
        return name + " (" + address + ":" + port + ")";
    }
}
