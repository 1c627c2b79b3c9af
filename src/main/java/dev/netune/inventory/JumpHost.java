package dev.netune.inventory;

import java.nio.file.Path;

/**
 * A bastion a host is reached through (OpenSSH's ProxyJump): its own address, port, user and key.
 * Its host key is verified against the same known_hosts file as the target's.
 *
 * @param name         the name it was given in ProxyJump ("bastion"), for messages
 * @param identityFile private key, or null for ssh-agent only
 */
public record JumpHost(String name, String address, int port, String user, Path identityFile) {
    /** "bastion (203.0.113.5:22)". */
    public String describe() {
        return name + " (" + address + ":" + port + ")";
    }
}
