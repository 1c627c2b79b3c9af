package dev.netune.inventory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How ssh authenticates to a host and checks its key, as resolved from the inventory and the ssh
 * config (see {@link SshResolved}).
 *
 * @param identityFiles        tried in order
 * @param defaultIdentities    whether they are OpenSSH's defaults (missing ones are skipped silently)
 * @param identityAgent        socket path, {@code none}, or null for {@code SSH_AUTH_SOCK}
 * @param proxyCommand         command whose stdin/stdout carry the connection, or null
 * @param knownHostsFiles      the user's known_hosts files (UserKnownHostsFile)
 * @param globalKnownHostsFiles the system-wide ones (GlobalKnownHostsFile), only read
 * @param connectTimeout       seconds from the ssh config, or null (netune's --connect-timeout)
 * @param hashKnownHosts       whether new known_hosts lines are written hashed
 */
public record SshSettings(List<Path> identityFiles, boolean defaultIdentities, boolean identitiesOnly,
                          String identityAgent, String proxyCommand, List<Path> knownHostsFiles,
                          List<Path> globalKnownHostsFiles, Integer connectTimeout, boolean hashKnownHosts) {
    public SshSettings {
        identityFiles = List.copyOf(identityFiles);
        knownHostsFiles = List.copyOf(knownHostsFiles);
        globalKnownHostsFiles = List.copyOf(globalKnownHostsFiles);
    }

    // equals and hashCode written out, with the record's meaning, because they are part of a host's
    // (see Host)
    @Override
    public boolean equals(Object o) {
        return o instanceof SshSettings s && defaultIdentities == s.defaultIdentities && identitiesOnly == s.identitiesOnly
                && hashKnownHosts == s.hashKnownHosts && identityFiles.equals(s.identityFiles)
                && Objects.equals(identityAgent, s.identityAgent) && Objects.equals(proxyCommand, s.proxyCommand)
                && knownHostsFiles.equals(s.knownHostsFiles) && globalKnownHostsFiles.equals(s.globalKnownHostsFiles)
                && Objects.equals(connectTimeout, s.connectTimeout);
    }

    @Override
    public int hashCode() {
        return Objects.hash(identityFiles, defaultIdentities, identitiesOnly, identityAgent, proxyCommand, knownHostsFiles,
                globalKnownHostsFiles, connectTimeout, hashKnownHosts);
    }

    /** One identity file (or none: agent only) and one known_hosts file, nothing else. */
    public static SshSettings of(Path identityFile, Path knownHosts) {
        List<Path> ids = new ArrayList<>();
        if (identityFile != null) {
            ids.add(identityFile);
        }
        return new SshSettings(ids, false, false, null, null, knownHosts == null ? List.of() : List.of(knownHosts),
                List.of(), null, false);
    }
}
