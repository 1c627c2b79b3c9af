package dev.netune.inventory;

import java.nio.file.Path;
import java.util.List;

/** What OpenSSH uses when neither the inventory nor an ssh config says otherwise, for expected values. */
final class OpenSshDefaults {
    private static final Path HOME = Path.of(System.getProperty("user.home"));

    private OpenSshDefaults() {
    }

    static List<Path> identities() {
        return SshConfig.DEFAULT_IDENTITIES.stream().map(f -> HOME.resolve(f.substring(2))).toList();
    }

    static List<Path> knownHosts() {
        return List.of(HOME.resolve(".ssh/known_hosts"), HOME.resolve(".ssh/known_hosts2"));
    }

    static List<Path> globalKnownHosts() {
        return List.of(Path.of("/etc/ssh/ssh_known_hosts"), Path.of("/etc/ssh/ssh_known_hosts2"));
    }

    /** {@code identity} null: the default keys; {@code knownHosts} null: the default files. */
    static SshSettings settings(Path identity, Path knownHosts) {
        return new SshSettings(identity == null ? identities() : List.of(identity), identity == null, false, null, null,
                knownHosts == null ? knownHosts() : List.of(knownHosts), globalKnownHosts(), null, false);
    }

    /** A bastion with no keys of its own and a target with none either. */
    static JumpHost jump(String name, String address, int port, String user) {
        return new JumpHost(name, address, port, user, identities(), true);
    }
}
