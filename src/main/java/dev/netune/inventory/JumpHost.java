package dev.netune.inventory;

import java.nio.file.Path;
import java.util.List;

/**
 * A bastion a host is reached through (OpenSSH's ProxyJump): its own address, port, user and keys.
 * Its host key is verified against the same known_hosts files as the target's.
 *
 * @param name              the name it was given in ProxyJump ("bastion"), for messages
 * @param identityFiles     private keys tried in order (none: ssh-agent only)
 * @param defaultIdentities whether they are OpenSSH's defaults (missing ones skipped)
 */
public record JumpHost(String name, String address, int port, String user, List<Path> identityFiles,
                       boolean defaultIdentities) {
    public JumpHost {
        identityFiles = List.copyOf(identityFiles);
    }

    /** @param identityFile private key, or null for ssh-agent only */
    public JumpHost(String name, String address, int port, String user, Path identityFile) {
        this(name, address, port, user, identityFile == null ? List.of() : List.of(identityFile), false);
    }

    /** The first identity file, or null. */
    public Path identityFile() {
        return identityFiles.isEmpty() ? null : identityFiles.get(0);
    }

    /** "bastion (203.0.113.5:22)". */
    public String describe() {
        return name + " (" + address + ":" + port + ")";
    }
}
