package dev.netune.engine;

import dev.netune.transport.ExecResult;
import dev.netune.transport.HeldRun;
import dev.netune.transport.SshOptions;
import dev.netune.transport.Transport;
import dev.netune.transport.TransportException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The connections one host's work has open, so that the fleet runner can close them when that
 * work fails or outlives the run's deadline (a connection kept from plan to apply is adopted by
 * the apply's work). Every connection handed out closes at most once, whoever closes it first.
 */
final class HostConnections {
    private final Connector connector;
    private final SshOptions ssh;
    private final List<Transport> open = new ArrayList<>();
    private String closedBecause;

    HostConnections(Connector connector, SshOptions ssh) {
        this.connector = connector;
        this.ssh = ssh;
    }

    /** A new connection to {@code target}; refused once this host's work has been stopped. */
    Transport open(Target target) throws TransportException {
        refuseIfClosed();
        return adopt(new Once(connector.connect(target, ssh)));
    }

    /** Takes over a connection opened by earlier work of the same host (plan, then apply). */
    Transport adopt(Transport transport) throws TransportException {
        if (transport == null) {
            return null;
        }
        Transport once = transport instanceof Once ? transport : new Once(transport);
        synchronized (this) {
            if (closedBecause == null) {
                open.add(once);
                return once;
            }
        }
        // stopped while the connection was being opened: it must not outlive the work
        once.close();
        throw new TransportException(TransportException.Kind.IO, closedBecause);
    }

    /** Closes every connection this work holds and refuses new ones: the work is over. */
    void closeAll(String why) {
        List<Transport> toClose;
        synchronized (this) {
            closedBecause = why;
            toClose = new ArrayList<>(open);
            open.clear();
        }
        toClose.forEach(Transport::close);
    }

    private synchronized void refuseIfClosed() throws TransportException {
        if (closedBecause != null) {
            throw new TransportException(TransportException.Kind.IO, closedBecause);
        }
    }

    /** A transport whose close runs once (SSH bastions are reference-counted: a second close would over-release). */
    private static final class Once implements Transport {
        private final Transport inner;
        private final AtomicBoolean closed = new AtomicBoolean();

        Once(Transport inner) {
            this.inner = inner;
        }

        @Override
        public ExecResult run(String script, Duration timeout) throws TransportException {
            refuseAfterClose();
            return inner.run(script, timeout);
        }

        @Override
        public HeldRun hold(String script, Duration timeout) throws TransportException {
            refuseAfterClose();
            return inner.hold(script, timeout);
        }

        private void refuseAfterClose() throws TransportException {
            if (closed.get()) {
                throw new TransportException(TransportException.Kind.IO, "the connection to " + inner.describe()
                        + " was closed");
            }
        }

        @Override
        public String describe() {
            return inner.describe();
        }

        @Override
        public boolean privileged() {
            return inner.privileged();
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                inner.close();
            }
        }
    }
}
