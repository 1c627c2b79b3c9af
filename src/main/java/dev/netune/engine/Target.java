package dev.netune.engine;

import dev.netune.inventory.Host;
import dev.netune.profile.DesiredState;
import dev.netune.transport.LocalTransport;
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
        Path knownHosts = host.knownHosts();
        // Bastions (ProxyJump) are verified against the same known_hosts file as the host.
        List<SshTarget> jumps = host.jumps().stream()
                .map(j -> new SshTarget(j.name(), j.address(), j.port(), j.user(), j.identityFile(), knownHosts, false))
                .toList();
        return SshTransport.connect(new SshTarget(host.name(), host.address(), host.port(), host.user(),
                host.identityFile(), knownHosts, host.become(), jumps), options);
    }
}
