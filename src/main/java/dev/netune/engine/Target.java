package dev.netune.engine;

import dev.netune.inventory.Host;
import dev.netune.profile.DesiredState;
import dev.netune.transport.LocalTransport;
import dev.netune.transport.SshLogin;
import dev.netune.transport.SshOptions;
import dev.netune.transport.SshTarget;
import dev.netune.transport.SshTransport;
import dev.netune.transport.Transport;
import dev.netune.transport.TransportException;
import java.nio.file.Path;
import java.util.List;

/** One host to work on, what it should look like, and how to connect to it. */
public record Target(String name, String address, Host host, DesiredState desired) {

    /** The machine netune runs on, reached without SSH. */
    public static Target local(DesiredState desired) {
        return new Target("localhost", "local", null, desired);
    }

    public static Target of(Host host, DesiredState desired) {
        return new Target(host.name(), host.address() + ":" + host.port(), host, desired);
    }

    public boolean isLocal() {
        return host == null;
    }

    /** "web-1 (127.0.0.1:22001)". */
    public String describe() {
        return name + " (" + address + ")";
    }

    Transport connect(SshOptions options) throws TransportException {
        if (host == null) {
            return new LocalTransport();
        }
        // UserKnownHostsFile none: nothing is known, and nothing may be written
        Path knownHosts = host.knownHosts() != null ? host.knownHosts() : Path.of("/dev/null");
        var ssh = host.ssh();
        List<Path> moreKnown = ssh.knownHostsFiles().size() > 1
                ? ssh.knownHostsFiles().subList(1, ssh.knownHostsFiles().size()) : List.of();
        // Bastions (ProxyJump) are verified against the same known_hosts files as the host.
        List<SshTarget> jumps = host.jumps().stream()
                .map(j -> new SshTarget(j.name(), j.address(), j.port(), j.user(), j.identityFile(), knownHosts, false,
                        List.of(), new SshLogin(j.identityFiles(), j.defaultIdentities(), false, ssh.identityAgent(),
                                null, moreKnown, ssh.globalKnownHostsFiles(), ssh.hashKnownHosts())))
                .toList();
        SshLogin login = new SshLogin(ssh.identityFiles(), ssh.defaultIdentities(), ssh.identitiesOnly(),
                ssh.identityAgent(), ssh.proxyCommand(), moreKnown, ssh.globalKnownHostsFiles(), ssh.hashKnownHosts());
        return SshTransport.connect(new SshTarget(host.name(), host.address(), host.port(), host.user(),
                host.identityFile(), knownHosts, host.become(), jumps, login), options);
    }
}
