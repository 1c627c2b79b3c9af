package dev.netune.engine;

import dev.netune.transport.SshOptions;
import dev.netune.transport.Transport;
import dev.netune.transport.TransportException;

/** How the engine opens a connection to a target: SSH or local in production, a fake host in tests. */
interface Connector {
    Connector DEFAULT = Target::connect;

    Transport connect(Target target, SshOptions ssh) throws TransportException;
}
