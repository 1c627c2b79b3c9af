package dev.netune.transport;

import com.jcraft.jsch.Channel;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Proxy;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.SocketFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/**
 * A JSch {@link Proxy} that is a {@code direct-tcpip} channel of an SSH session to a bastion:
 * the bastion opens the TCP connection to the next hop, and the next hop's SSH runs inside.
 *
 * <p>There is no socket, so JSch sets no read timeout on it: the session's connect watchdog
 * closes the tunnel at the deadline, which ends a read that would otherwise wait forever.
 */
final class Tunnel implements Proxy {
    private final Session bastion;
    final SshTarget jump;
    private volatile Channel channel;
    private InputStream in;
    private OutputStream out;
    private volatile String failure;

    Tunnel(Session bastion, SshTarget jump) {
        this.bastion = bastion;
        this.jump = jump;
    }

    /** Why the bastion could not open the connection, or null. */
    String failure() {
        return failure;
    }

    @Override
    public void connect(SocketFactory socketFactory, String host, int port, int timeout) throws Exception {
        try {
            Channel c = bastion.getStreamForwarder(host, port);
            channel = c;
            in = c.getInputStream();
            out = c.getOutputStream();
            c.connect(Math.max(1, timeout));
        } catch (JSchException | IOException e) {
            failure = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw e;
        }
    }

    @Override
    public InputStream getInputStream() {
        return in;
    }

    @Override
    public OutputStream getOutputStream() {
        return out;
    }

    @Override
    public Socket getSocket() {
        return null;
    }

    @Override
    public void close() {
        Channel c = channel;
        if (c != null) {
            c.disconnect();
        }
    }
}
