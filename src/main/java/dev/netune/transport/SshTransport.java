package dev.netune.transport;

import com.jcraft.jsch.AgentIdentityRepository;
import com.jcraft.jsch.AgentProxyException;
import com.jcraft.jsch.Channel;
import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.Identity;
import com.jcraft.jsch.IdentityRepository;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchChangedHostKeyException;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.JSchHostKeyException;
import com.jcraft.jsch.JSchRevokedHostKeyException;
import com.jcraft.jsch.JSchUnknownHostKeyException;
import com.jcraft.jsch.Proxy;
import com.jcraft.jsch.SSHAgentConnector;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.SocketFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Vector;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static dev.netune.transport.TransportException.Kind.AUTH;
import static dev.netune.transport.TransportException.Kind.HOST_KEY;
import static dev.netune.transport.TransportException.Kind.IO;
import static dev.netune.transport.TransportException.Kind.TIMEOUT;
import static dev.netune.transport.TransportException.Kind.UNREACHABLE;

/**
 * A {@link Transport} over one SSH session (JSch); every {@link #run} opens an exec channel on it.
 *
 * <p>Host keys are checked against the target's known_hosts file and never trusted silently.
 * Authentication is by public key only: the target's identity file, then ssh-agent keys.
 */
public final class SshTransport implements Transport {

    /** How often an idle session is probed, so a dead host fails a later run instead of hanging. */
    private static final int KEEPALIVE_MILLIS = 15_000;
    private static final int KEEPALIVE_MAX_MISSED = 4;
    /** Granularity of waiting for a channel to finish; JSch offers no blocking wait. */
    private static final long POLL_MILLIS = 5;

    private final SshTarget target;
    private final Session session;
    /** The shared bastion sessions this transport holds, first hop first. */
    private final List<Bastions.Shared> jumps;

    private SshTransport(SshTarget target, Session session, List<Bastions.Shared> jumps) {
        this.target = target;
        this.session = session;
        this.jumps = List.copyOf(jumps);
    }

    /** Connects, verifies the host key and authenticates; the session serves all later runs. */
    public static SshTransport connect(SshTarget target, SshOptions options) throws TransportException {
        return connect(target, options, System.getenv("SSH_AUTH_SOCK"));
    }

    /**
     * As {@link #connect(SshTarget, SshOptions)} with an explicit ssh-agent socket (null: none).
     *
     * <p>With jump hosts (ProxyJump) each hop is a full SSH session (host key verified,
     * authenticated) and the next hop's SSH runs inside a {@code direct-tcpip} channel of the
     * previous one, as {@code ssh -J} does: no local port is opened, and the target's host key is
     * checked under its own address, never the bastion's. A bastion session is shared by every
     * host reached through it at the same time (one connection to the bastion, however many
     * forks: sshd's MaxStartups would drop a burst of parallel logins) and closed with the last.
     */
    static SshTransport connect(SshTarget target, SshOptions options, String agentSocket)
            throws TransportException {
        List<Bastions.Shared> held = new ArrayList<>();
        Tunnel via = null;
        String key = "";
        try {
            for (SshTarget jump : target.jumps()) {
                key = key + "|" + jump.user() + "@" + jump.address() + ":" + jump.port() + " " + jump.knownHosts()
                        + " " + jump.identityFile() + " " + options.acceptNewHostKeys() + " " + agentSocket;
                Tunnel previous = via;
                Bastions.Shared bastion = Bastions.acquire(key, () -> {
                    try {
                        return open(jump, options, agentSocket, previous);
                    } catch (TransportException e) {
                        throw new TransportException(e.kind(), "through jump host " + jump.name() + ": "
                                + e.getMessage(), e.getCause());
                    }
                });
                held.add(bastion);
                via = new Tunnel(bastion.session.join(), jump);
            }
            return new SshTransport(target, open(target, options, agentSocket, via), held);
        } catch (TransportException | RuntimeException e) {
            Bastions.release(held);
            throw e;
        }
    }

    /** Bastion sessions shared by the hosts behind them, counted by users. */
    private static final class Bastions {
        private static final Map<String, Shared> SHARED = new HashMap<>();

        static final class Shared {
            final String key;
            final CompletableFuture<Session> session = new CompletableFuture<>();
            int users;

            Shared(String key) {
                this.key = key;
            }
        }

        interface Opener {
            Session open() throws TransportException;
        }

        /** The session for {@code key}, opened by the first caller, waited for by the rest. */
        static Shared acquire(String key, Opener opener) throws TransportException {
            Shared shared;
            boolean mine = false;
            synchronized (SHARED) {
                shared = SHARED.get(key);
                if (shared == null || (shared.session.isDone() && !shared.session.isCompletedExceptionally()
                        && !shared.session.join().isConnected())) {
                    shared = new Shared(key);
                    SHARED.put(key, shared);
                    mine = true;
                }
                shared.users++;
            }
            if (mine) {
                try {
                    shared.session.complete(opener.open());
                } catch (TransportException | RuntimeException e) {
                    shared.session.completeExceptionally(e);
                }
            }
            try {
                shared.session.join();
                return shared;
            } catch (CompletionException e) {
                synchronized (SHARED) {
                    shared.users--;
                    SHARED.remove(key, shared); // the next run tries again
                }
                if (e.getCause() instanceof TransportException te) {
                    throw te;
                }
                throw e.getCause() instanceof RuntimeException re ? re : e;
            }
        }

        static void release(List<Shared> held) {
            for (int i = held.size() - 1; i >= 0; i--) {
                Shared shared = held.get(i);
                Session close = null;
                synchronized (SHARED) {
                    if (--shared.users == 0) {
                        SHARED.remove(shared.key, shared);
                        close = shared.session.isCompletedExceptionally() ? null : shared.session.getNow(null);
                    }
                }
                if (close != null) {
                    close.disconnect();
                }
            }
        }
    }

    /** One SSH session to {@code target}, directly or through {@code via}. */
    private static Session open(SshTarget target, SshOptions options, String agentSocket, Tunnel via)
            throws TransportException {
        JSch jsch = new JSch();
        Path knownHosts = expandHome(target.knownHosts());
        KnownHostsVerifier verifier;
        try {
            verifier = KnownHostsVerifier.load(knownHosts, options);
        } catch (IOException | JSchException e) {
            throw new TransportException(HOST_KEY,
                    "cannot read known_hosts file " + knownHosts + ": " + e.getMessage(), e);
        }
        Identities identities = identities(jsch, target, agentSocket);

        Session session;
        try {
            session = jsch.getSession(target.user(), target.address(), target.port());
        } catch (JSchException e) {
            throw new TransportException(IO, "cannot set up SSH to " + target.describe() + ": " + e.getMessage(), e);
        }
        session.setHostKeyRepository(verifier);
        session.setIdentityRepository(identities.repository());
        session.setConfig("StrictHostKeyChecking", "yes");
        session.setConfig("PreferredAuthentications", "publickey");
        if (via != null) {
            session.setProxy(via);
        }
        try {
            session.connect(millis(options.connectTimeout()));
            session.setServerAliveInterval(KEEPALIVE_MILLIS);
            session.setServerAliveCountMax(KEEPALIVE_MAX_MISSED);
        } catch (JSchException e) {
            session.disconnect();
            if (via != null && via.failure != null) {
                throw new TransportException(UNREACHABLE, "jump host " + via.jump.describe()
                        + " could not open a connection to " + target.address() + ":" + target.port()
                        + " (" + via.failure + ")", e);
            }
            throw connectFailure(target, options, verifier, identities, e);
        }
        return session;
    }

    /**
     * A JSch {@link Proxy} that is a {@code direct-tcpip} channel of an SSH session to a bastion:
     * the bastion opens the TCP connection to the next hop, and the next hop's SSH runs inside.
     */
    private static final class Tunnel implements Proxy {
        private final Session bastion;
        private final SshTarget jump;
        private Channel channel;
        private InputStream in;
        private OutputStream out;
        private volatile String failure;

        Tunnel(Session bastion, SshTarget jump) {
            this.bastion = bastion;
            this.jump = jump;
        }

        @Override
        public void connect(SocketFactory socketFactory, String host, int port, int timeout) throws Exception {
            try {
                channel = bastion.getStreamForwarder(host, port);
                in = channel.getInputStream();
                out = channel.getOutputStream();
                channel.connect(Math.max(1, timeout));
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
            if (channel != null) {
                channel.disconnect();
            }
        }
    }

    @Override
    public ExecResult run(String script, Duration timeout) throws TransportException {
        long deadline = System.nanoTime() + timeout.toNanos();
        ChannelExec channel;
        try {
            channel = (ChannelExec) session.openChannel("exec");
        } catch (JSchException e) {
            throw lost("cannot open a channel", e);
        }
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        try {
            // The script travels on stdin, so it never meets a command line (see Transport).
            channel.setCommand(remoteCommand(target.needsSudo(), timeout));
            // JSch's session thread writes into these directly: no pipe to drain, no deadlock.
            channel.setOutputStream(stdout);
            channel.setErrStream(stderr);
            OutputStream stdin = channel.getOutputStream();
            channel.connect(Math.max(1, millisUntil(deadline)));
            // Scripts are far smaller than the window sshd grants up front (2 MiB), so this write
            // does not block on a slow reader.
            stdin.write(script.getBytes(StandardCharsets.UTF_8));
            stdin.close();
            while (!channel.isClosed()) {
                if (System.nanoTime() - deadline >= 0) {
                    stop(channel);
                    throw new TransportException(TIMEOUT, "script on " + describe()
                            + " did not finish within " + human(timeout) + "; it was stopped");
                }
                Thread.sleep(POLL_MILLIS);
            }
        } catch (JSchException | IOException e) {
            channel.disconnect();
            throw lost("running the script failed", e);
        } catch (InterruptedException e) {
            stop(channel);
            Thread.currentThread().interrupt();
            throw new TransportException(IO, "interrupted while running a script on " + describe(), e);
        }
        channel.disconnect();

        int exit = channel.getExitStatus();
        String out = stdout.toString(StandardCharsets.UTF_8);
        String err = stderr.toString(StandardCharsets.UTF_8);
        if (exit < 0) {
            // sshd sends no exit status when the process died from a signal or the link broke.
            throw new TransportException(session.isConnected() ? IO : UNREACHABLE, "script on " + describe()
                    + " ended without an exit status (killed by a signal, or the connection dropped)");
        }
        if (target.needsSudo() && sudoWantsPassword(exit, out, err)) {
            throw new TransportException(AUTH, "sudo on " + describe() + " requires a password; netune needs"
                    + " passwordless sudo (NOPASSWD) for user " + target.user());
        }
        return new ExecResult(exit, out, err);
    }

    @Override
    public String describe() {
        return target.describe();
    }

    @Override
    public boolean privileged() {
        return target.privileged();
    }

    @Override
    public void close() {
        session.disconnect();
        Bastions.release(jumps);
    }

    // ---- running ----

    /**
     * {@code sh -s}, behind a remote watchdog where the host has timeout(1).
     *
     * <p>Closing the channel at the deadline does not stop the script, and sshd's signal request
     * reaches only the top process. A script left running after we reported TIMEOUT could still
     * be changing the host while netune reports, verifies or rolls back. timeout(1) runs the
     * script in its own process group and ends the whole group a second after our deadline.
     * Only an integer is inserted here, never a value from a profile.
     *
     * <p>sudo resets the environment; {@code SSH_CONNECTION} is handed through as an argument of
     * the root shell (the {@code session} fact reads it to learn which NIC carries the session).
     */
    static String remoteCommand(boolean sudo, Duration timeout) {
        long seconds = Math.max(1, (timeout.toMillis() + 999) / 1000) + 1;
        String watchdog = "command -v timeout >/dev/null 2>&1 && exec timeout -k 1 " + seconds + " sh -s; exec sh -s";
        if (sudo) {
            return "sudo -n sh -c 'SSH_CONNECTION=$1; export SSH_CONNECTION; " + watchdog + "' netune \"$SSH_CONNECTION\"";
        }
        return "sh -c '" + watchdog + "'";
    }

    /** {@code sudo -n} refuses before running anything, so stdout is empty and exit is 1. */
    static boolean sudoWantsPassword(int exit, String stdout, String stderr) {
        return exit == 1 && stdout.isEmpty() && stderr.startsWith("sudo:")
                && (stderr.contains("password is required") || stderr.contains("a terminal is required"));
    }

    /** Best effort: ask sshd to kill the script (OpenSSH 7.9+), then drop the channel anyway. */
    private static void stop(ChannelExec channel) {
        try {
            channel.sendSignal("KILL");
        } catch (Exception ignored) {
            // Older sshd or channel already gone: closing the channel is all we can do.
        }
        channel.disconnect();
    }

    private TransportException lost(String what, Exception e) {
        if (!session.isConnected()) {
            return new TransportException(UNREACHABLE, "connection to " + describe() + " was lost", e);
        }
        return new TransportException(IO, what + " on " + describe() + ": " + e.getMessage(), e);
    }

    // ---- authentication ----

    /** The keys offered to the server, and a description of them for the AUTH message. */
    private record Identities(IdentityRepository repository, String offered) {
    }

    /**
     * The identity file first (it is what the inventory asked for), then agent keys. An own
     * repository instead of JSch's global one, because adding a file key to an agent-backed
     * repository would load the key into the user's agent.
     */
    private static Identities identities(JSch jsch, SshTarget target, String agentSocket)
            throws TransportException {
        List<Identity> fileKeys = new ArrayList<>();
        List<String> offered = new ArrayList<>();
        IdentityRepository agent = agent(agentSocket);
        if (target.identityFile() != null) {
            Path file = expandHome(target.identityFile());
            if (!Files.isReadable(file)) {
                throw new TransportException(AUTH, "identity file " + file + " for " + target.describe()
                        + " does not exist or is not readable");
            }
            try {
                jsch.addIdentity(file.toString());
            } catch (JSchException e) {
                throw new TransportException(AUTH, "identity file " + file + " for " + target.describe()
                        + " is not a usable private key: " + e.getMessage(), e);
            }
            for (Identity identity : jsch.getIdentityRepository().getIdentities()) {
                if (!identity.isEncrypted()) {
                    fileKeys.add(identity);
                } else if (agent == null) {
                    // netune runs unattended and never prompts; the agent is the way to use such keys.
                    throw new TransportException(AUTH, "identity file " + file + " is protected by a passphrase;"
                            + " load it into ssh-agent (ssh-add) so netune can use it");
                }
            }
            offered.add("identity file " + file);
        }
        if (agent != null) {
            offered.add("ssh-agent keys");
        }
        if (offered.isEmpty()) {
            throw new TransportException(AUTH, "no key to log in to " + target.describe()
                    + ": set an identity file for the host or start ssh-agent (SSH_AUTH_SOCK)");
        }
        return new Identities(new Combined(fileKeys, agent), String.join(" and ", offered));
    }

    /** ssh-agent at {@code socket} (Java 16+ unix sockets, no extra library), or null. */
    private static IdentityRepository agent(String socket) {
        if (socket == null || socket.isBlank()) {
            return null;
        }
        try {
            return new AgentIdentityRepository(new SSHAgentConnector(Path.of(socket)));
        } catch (AgentProxyException | RuntimeException e) {
            return null; // A stale SSH_AUTH_SOCK is common; the identity file may still work.
        }
    }

    /** Read-only view over the file keys followed by the agent's keys. */
    private record Combined(List<Identity> fileKeys, IdentityRepository agent) implements IdentityRepository {
        @Override
        public String getName() {
            return "netune";
        }

        @Override
        public int getStatus() {
            return RUNNING;
        }

        @Override
        public Vector<Identity> getIdentities() {
            Vector<Identity> all = new Vector<>(fileKeys);
            if (agent != null) {
                try {
                    all.addAll(agent.getIdentities());
                } catch (RuntimeException e) {
                    // Agent went away between connect attempts: offer what we have.
                }
            }
            return all;
        }

        @Override
        public boolean add(byte[] identity) {
            return false;
        }

        @Override
        public boolean remove(byte[] blob) {
            return false;
        }

        @Override
        public void removeAll() {
        }
    }

    // ---- failures while connecting ----

    private static TransportException connectFailure(SshTarget target, SshOptions options,
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
                    + human(options.connectTimeout()), e);
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
        if (e instanceof JSchRevokedHostKeyException) {
            return new TransportException(HOST_KEY, "host key of " + host + " (" + verifier.keyDescription()
                    + ") is marked @revoked in " + file, e);
        }
        if (e instanceof JSchUnknownHostKeyException || verifier.outcome() == KnownHostsVerifier.Outcome.UNKNOWN) {
            return new TransportException(HOST_KEY, "host key of " + host + " is not in " + file
                    + "; verify it and add it, or pass --accept-new-host-keys (it is " + verifier.keyDescription()
                    + ")", e);
        }
        return new TransportException(HOST_KEY, "host key of " + host + " was rejected: " + e.getMessage(), e);
    }

    // ---- small helpers ----

    static Path expandHome(Path path) {
        String s = path.toString();
        if (s.equals("~") || s.startsWith("~/")) {
            return Path.of(System.getProperty("user.home") + s.substring(1));
        }
        return path;
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

    private static int millis(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, d.toMillis()));
    }

    private static int millisUntil(long deadlineNanos) {
        return millis(Duration.ofNanos(deadlineNanos - System.nanoTime()));
    }

    /** "30s", "1.5s", "250ms": durations as people write them. */
    static String human(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + "ms";
        }
        if (ms % 1000 == 0) {
            return (ms / 1000) + "s";
        }
        return String.format(java.util.Locale.ROOT, "%.1fs", ms / 1000.0);
    }
}
