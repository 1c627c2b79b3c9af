package dev.netune.transport;

import java.nio.file.Path;
import java.util.List;

/**
 * How a target authenticates and is verified beyond its one identity file and known_hosts file,
 * as resolved from the ssh config (see the inventory's SshSettings).
 *
 * @param identityFiles     keys tried in order; empty: the target's identityFile (or none)
 * @param defaultIdentities they are OpenSSH's default files: missing ones are skipped silently
 * @param identitiesOnly    offer agent keys only when they are one of {@code identityFiles}
 * @param identityAgent     agent socket path, {@code none}, {@code SSH_AUTH_SOCK}, or null (SSH_AUTH_SOCK)
 * @param proxyCommand      command whose stdin/stdout carry the connection (run with /bin/sh -c), or null
 * @param knownHostsFiles   the user's known_hosts files after the target's knownHosts (only read)
 * @param globalKnownHosts  the system-wide known_hosts files (only read)
 * @param hashKnownHosts    write new known_hosts lines hashed
 */
public record SshLogin(List<Path> identityFiles, boolean defaultIdentities, boolean identitiesOnly,
                       String identityAgent, String proxyCommand, List<Path> knownHostsFiles,
                       List<Path> globalKnownHosts, boolean hashKnownHosts) {
    public static final SshLogin NONE = new SshLogin(List.of(), false, false, null, null, List.of(), List.of(), false);

    public SshLogin {
        identityFiles = List.copyOf(identityFiles);
        knownHostsFiles = List.copyOf(knownHostsFiles);
        globalKnownHosts = List.copyOf(globalKnownHosts);
    }
}
