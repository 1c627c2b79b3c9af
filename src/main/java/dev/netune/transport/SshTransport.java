package dev.netune.transport;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;

import static dev.netune.transport.TransportException.Kind.HOST_KEY;
import static dev.netune.transport.TransportException.Kind.IO;
import static dev.netune.transport.TransportException.Kind.UNREACHABLE;

/**
 * A {@link Transport} over one SSH session (JSch); every {@link #run} opens an exec channel on it.
 *
 * <p>Host keys are checked against the target's known_hosts file and never trusted silently.
 * Authentication is by public key only: the target's identity file, then ssh-agent keys.
 * Every network step has a deadline: the connect timeout for TCP connect, handshake and login
 * (per hop, and for waiting on a shared jump host), the run's timeout for the script.
 */
public final class SshTransport implements Transport {

    /** How often an idle session is probed, so a dead host fails a later run instead of hanging. */
    private static final int KEEPALIVE_MILLIS = 15_000;
    private static final int KEEPALIVE_MAX_MISSED = 4;
    /** How often the connect watchdog tries again when its first disconnect came too early to take. */
    private static final Duration WATCHDOG_REPEAT = Duration.ofMillis(200);

    private final SshTarget target;
    private final Session session;
    private final long maxOutputBytes;
    /** The shared bastion sessions this transport holds, first hop first. */
    private final List<Bastions.Shared> jumps;

    private SshTransport(SshTarget target, Session session, long maxOutputBytes, List<Bastions.Shared> jumps) {
        this.target = target;
        this.session = session;
        this.maxOutputBytes = maxOutputBytes;
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
                Bastions.Shared bastion = Bastions.acquire(key, jump.describe(), options.connectTimeout(), () -> {
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
            return new SshTransport(target, open(target, options, agentSocket, via), options.maxOutputBytes(), held);
        } catch (TransportException | RuntimeException e) {
            Bastions.release(held);
            throw e;
        }
    }

    /**
     * One SSH session to {@code target}, directly or through {@code via}, within the connect
     * timeout. JSch bounds only each socket read, and inside a tunnel nothing at all, so a
     * watchdog breaks the session off at the deadline.
     */
    private static Session open(SshTarget target, SshOptions options, String agentSocket, Tunnel via)
            throws TransportException {
        JSch jsch = new JSch();
        Path knownHosts = expandHome(target.knownHosts());
        KnownHostsVerifier verifier;
        try {
            List<Path> userFiles = new ArrayList<>(List.of(knownHosts));
            target.login().knownHostsFiles().stream().map(SshTransport::expandHome)
                    .filter(f -> !userFiles.contains(f)).forEach(userFiles::add);
            verifier = KnownHostsVerifier.load(userFiles, target.login().globalKnownHosts(),
                    target.login().hashKnownHosts(), options);
        } catch (IOException | JSchException e) {
            throw new TransportException(HOST_KEY,
                    "cannot read known_hosts file " + knownHosts + ": " + e.getMessage(), e);
        }
        Identities identities = Identities.load(jsch, target, agentSocket);

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
        // The method is known, so no "none" request asks the server for its list. A file key is
        // decrypted already: it is signed and sent at once, where OpenSSH first asks whether the
        // server takes it (one round trip less, and sshd reads authorized_keys once, not twice).
        // Agent keys are still asked about first: the agent may hold many, and each signature may
        // need the user's confirmation (ssh-add -c).
        session.setConfig("enable_auth_none", "no");
        session.setConfig("enable_pubkey_auth_query", identities.agentKeys() ? "yes" : "no");
        Algorithms.prefer(session);
        ProxyCommand proxyCommand = null;
        if (via != null) {
            session.setProxy(via);
        } else if (target.login().proxyCommand() != null) {
            // never bypassed: the host is reached through its ProxyCommand or not at all
            proxyCommand = new ProxyCommand(target.login().proxyCommand());
            session.setProxy(proxyCommand);
        }
        ConnectDeadline deadline = new ConnectDeadline(session, via);
        ScheduledFuture<?> watchdog = Watchdog.repeatingAfter(options.connectTimeout(), WATCHDOG_REPEAT, deadline);
        try {
            session.connect(millis(options.connectTimeout()));
            if (!deadline.finish()) {
                throw new JSchException("connect deadline passed");
            }
            session.setServerAliveInterval(KEEPALIVE_MILLIS);
            session.setServerAliveCountMax(KEEPALIVE_MAX_MISSED);
        } catch (JSchException e) {
            watchdog.cancel(false);
            session.disconnect();
            if (deadline.fired()) {
                throw new TransportException(UNREACHABLE, "SSH connection to " + target.describe()
                        + " did not complete within " + human(options.connectTimeout()), e);
            }
            if (proxyCommand != null && !"running".equals(proxyCommand.state())) {
                throw new TransportException(UNREACHABLE, "the ProxyCommand of " + target.describe()
                        + " ended (" + proxyCommand.state() + ") before the SSH connection was set up", e);
            }
            if (via != null && via.failure() != null) {
                throw new TransportException(UNREACHABLE, "jump host " + via.jump.describe()
                        + " could not open a connection to " + target.address() + ":" + target.port()
                        + " (" + via.failure() + ")", e);
            }
            TransportException failure = ConnectFailures.connectFailure(target, options, verifier, identities, e);
            if (proxyCommand != null) { // its exit can come after JSch saw the stream end: still name the way in
                throw new TransportException(failure.kind(), failure.getMessage() + " (through its ProxyCommand, "
                        + proxyCommand.state() + ")", e);
            }
            throw failure;
        } finally {
            watchdog.cancel(false);
        }
        return session;
    }

    /** The connect watchdog's task: breaks the session (and its tunnel) off unless connect finished first. */
    private static final class ConnectDeadline implements Runnable {
        private final Session session;
        private final Tunnel via;
        private boolean finished;
        private boolean fired;

        ConnectDeadline(Session session, Tunnel via) {
            this.session = session;
            this.via = via;
        }

        @Override
        public void run() {
            synchronized (this) {
                if (finished) {
                    return;
                }
                fired = true;
            }
            // JSch ignores a disconnect before its socket is up; closing the tunnel ends a read inside it.
            session.disconnect();
            if (via != null) {
                via.close();
            }
        }

        /** Marks connect as done; false when the deadline got there first. */
        synchronized boolean finish() {
            finished = true;
            return !fired;
        }

        synchronized boolean fired() {
            return fired;
        }
    }

    @Override
    public ExecResult run(String script, Duration timeout) throws TransportException {
        return new ExecRun(session, target, maxOutputBytes).run(script, timeout);
    }

    @Override
    public HeldRun hold(String script, Duration timeout) throws TransportException {
        return new ExecRun(session, target, maxOutputBytes).hold(script, timeout);
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

    // ---- the remote command ----

    /**
     * {@code sh -s}, behind a remote watchdog where the host has timeout(1), announcing its pid.
     *
     * <p>Closing the channel does not stop the script. The wrapper's first stderr line names the
     * pid whose process group a stop kills (see {@link ExecRun}); timeout(1) runs the script in
     * that group and ends it a second after our deadline, a backstop should the controller
     * vanish. Only an integer is inserted here, never a value from a profile.
     *
     * <p>sudo resets the environment; {@code SSH_CONNECTION} is handed through as an argument of
     * the root shell (the {@code session} fact reads it to learn which NIC carries the session).
     */
    static String remoteCommand(boolean sudo, Duration timeout) {
        long seconds = Math.max(1, (timeout.toMillis() + 999) / 1000) + 1;
        String watchdog = "echo " + PidLine.PREFIX + "$$ >&2; command -v timeout >/dev/null 2>&1"
                + " && exec timeout -k 1 " + seconds + " sh -s; exec sh -s";
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

    // ---- small helpers ----

    static Path expandHome(Path path) {
        String s = path.toString();
        if (s.equals("~") || s.startsWith("~/")) {
            return Path.of(System.getProperty("user.home") + s.substring(1));
        }
        return path;
    }

    static int millis(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, d.toMillis()));
    }

    static int millisUntil(long deadlineNanos) {
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
