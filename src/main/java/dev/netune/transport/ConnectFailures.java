package dev.netune.transport;

import com.jcraft.jsch.JSchChangedHostKeyException;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.JSchHostKeyException;
import com.jcraft.jsch.JSchRevokedHostKeyException;
import com.jcraft.jsch.JSchUnknownHostKeyException;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;

import static dev.netune.transport.TransportException.Kind.AUTH;
import static dev.netune.transport.TransportException.Kind.HOST_KEY;
import static dev.netune.transport.TransportException.Kind.IO;
import static dev.netune.transport.TransportException.Kind.UNREACHABLE;

/** Why an SSH connection failed, as a {@link TransportException} that says what to do about it. */
final class ConnectFailures {

    private ConnectFailures() {
    }

    static TransportException connectFailure(SshTarget target, SshOptions options,
                                                     KnownHostsVerifier verifier, Identities identities,
                                                     JSchException e) {
        String host = target.describe();
        if (e instanceof JSchHostKeyException || verifier.outcome() == KnownHostsVerifier.Outcome.ADD_FAILED) {
            return hostKeyFailure(target, verifier, e);
        }
        // JSch's auth exception classes are package-private; their messages are stable.
        if (startsWith(e, "Auth fail") || startsWith(e, "Auth cancel")) {
            return new TransportException(AUTH, "authentication as " + target.user() + " on " + host
                    + " failed: the server accepted none of the offered keys (" + identities.offered() + ")", e);
        }
        Throwable cause = rootCause(e);
        if (cause instanceof UnknownHostException) {
            return new TransportException(UNREACHABLE, "cannot resolve host name " + target.address()
                    + " of " + target.name(), e);
        }
        if (cause instanceof ConnectException) {
            return new TransportException(UNREACHABLE, "connection to " + host + " refused", e);
        }
        if (cause instanceof NoRouteToHostException) {
            return new TransportException(UNREACHABLE, "no route to " + host, e);
        }
        if (cause instanceof SocketTimeoutException || contains(e, "timeout")) {
            return new TransportException(UNREACHABLE, "no SSH answer from " + host + " within "
                    + SshTransport.human(options.connectTimeout()), e);
        }
        if (contains(e, "closed by foreign host") || contains(e, "End of IO Stream")) {
            return new TransportException(UNREACHABLE, host + " closed the connection during the SSH handshake"
                    + " (is sshd running on that port?)", e);
        }
        if (cause instanceof IOException) {
            return new TransportException(UNREACHABLE, "cannot connect to " + host + ": " + cause.getMessage(), e);
        }
        return new TransportException(IO, "SSH connection to " + host + " failed: " + e.getMessage(), e);
    }

    private static TransportException hostKeyFailure(SshTarget target, KnownHostsVerifier verifier,
                                                     JSchException e) {
        String host = target.describe();
        Path file = verifier.file();
        if (verifier.outcome() == KnownHostsVerifier.Outcome.ADD_FAILED) {
            return new TransportException(HOST_KEY, "host key of " + host + " is new but could not be added to "
                    + file + ": " + verifier.addFailure(), e);
        }
        if (e instanceof JSchRevokedHostKeyException || verifier.outcome() == KnownHostsVerifier.Outcome.REVOKED) {
            return new TransportException(HOST_KEY, "host key of " + host + " (" + verifier.keyDescription()
                    + ") is marked @revoked in " + file + "; it must not be used", e);
        }
        if (e instanceof JSchChangedHostKeyException || verifier.outcome() == KnownHostsVerifier.Outcome.CHANGED) {
            return new TransportException(HOST_KEY, "host key of " + host + " has CHANGED from the one recorded in "
                    + file + " (now " + verifier.keyDescription() + "). This may be a man-in-the-middle attack;"
                    + " if the host was reinstalled, verify the new key, remove the old one"
                    + " (ssh-keygen -R '" + verifier.checkedHost() + "' -f " + file + ") and connect again", e);
        }
        if (verifier.outcome() == KnownHostsVerifier.Outcome.OTHER_TYPE_KNOWN) {
            return new TransportException(HOST_KEY, "host key of " + host + " is of a type not recorded in " + file
                    + " (now " + verifier.keyDescription() + "), which holds another key for it; refused like a"
                    + " changed key. If the host really changed its keys, verify the new one, remove the old"
                    + " (ssh-keygen -R '" + verifier.checkedHost() + "' -f " + file + ") and connect again", e);
        }
        if (e instanceof JSchUnknownHostKeyException || verifier.outcome() == KnownHostsVerifier.Outcome.UNKNOWN) {
            List<Path> others = verifier.files().subList(1, verifier.files().size());
            return new TransportException(HOST_KEY, "host key of " + host + " is not in " + file
                    + (others.isEmpty() ? "" : " nor in " + others)
                    + "; verify it and add it, or pass --accept-new-host-keys (it is " + verifier.keyDescription()
                    + ", looked up as '" + verifier.checkedHost() + "')", e);
        }
        return new TransportException(HOST_KEY, "host key of " + host + " was rejected: " + e.getMessage(), e);
    }

    private static boolean startsWith(Throwable e, String prefix) {
        return e.getMessage() != null && e.getMessage().startsWith(prefix);
    }

    private static boolean contains(Throwable e, String text) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains(text)) {
                return true;
            }
        }
        return false;
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
