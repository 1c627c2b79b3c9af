package dev.netune.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.ServerBuilder;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/**
 * A simulated fleet: one in-process SSH server (Apache MINA SSHD) listening on loopback ports,
 * answering netune's scripts with recorded outputs of real hosts.
 *
 * <pre>SimServer N RECORDINGS_DIR CLIENT_KEY.pub WORKDIR [PORTS]</pre>
 * N virtual hosts on min(N, PORTS) ports (PORTS defaults to N). With fewer ports than hosts, the
 * virtual hosts on one port are told apart by the login user: the first round of ports is user
 * {@code root}, the k-th further round user {@code vk} (a machine's fd limit and ephemeral port
 * range allow some 10,000s of listening sockets, not 100,000).
 * Every {@code NAME.KIND.script} in the recordings is matched byte for byte against what a channel
 * receives on stdin; the answer is one of its {@code NAME.KIND.*.out} files, chosen by the virtual
 * host's index (so virtual hosts alternate between, e.g., the container's and the local machine's gather output).
 * An unknown script exits 1. Writes WORKDIR/ports ("PORT USER", one virtual host a line) and
 * WORKDIR/known_hosts (one line per port, a fresh host key of the client key's type for the run), then runs until killed.
 * Counts connections and executions and prints them on stderr every few seconds when they change.
 */
public final class SimServer {
    static final AtomicLong SESSIONS = new AtomicLong();
    static final AtomicLong EXECS = new AtomicLong();
    /** Port -> its index among the sorted ports: answers alternate by host, not by port parity
     * (Linux hands out even ports to bind(0), so parity would always pick the same recording). */
    static final Map<Integer, Integer> INDEX = new java.util.concurrent.ConcurrentHashMap<>();
    /** The login users of the virtual hosts: root, v1, v2, ... (one per round of ports). */
    private static final Pattern USER = Pattern.compile("root|v[1-9][0-9]*");

    /** SshServer whose acceptor can bind more ports after start. */
    static final class MultiPort extends SshServer {
        void bindMore(SocketAddress address) throws IOException {
            acceptor.bind(address);
        }
    }

    record Answer(List<byte[]> outputs) {
    }

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        Path recordings = Path.of(args[1]);
        PublicKey clientKey = parse(Files.readString(Path.of(args[2])).strip());
        Path work = Path.of(args[3]);
        int portCount = Math.min(n, args.length > 4 ? Integer.parseInt(args[4]) : n);
        Map<String, Answer> answers = load(recordings);
        // Blocking stdin reads must not run on MINA's few I/O threads.
        ExecutorService scripts = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "sim-script");
            t.setDaemon(true);
            return t;
        });

        KeyPair hostKey = hostKey(clientKey);

        MultiPort server = (MultiPort) ServerBuilder.builder().factory(MultiPort::new).build();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setPublickeyAuthenticator((user, key, session) -> USER.matcher(user).matches() && KeyUtils.compareKeys(clientKey, key));
        server.setPasswordAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        server.addSessionListener(new org.apache.sshd.common.session.SessionListener() {
            @Override
            public void sessionCreated(org.apache.sshd.common.session.Session session) {
                SESSIONS.incrementAndGet();
            }
        });
        server.setCommandFactory((channel, command) -> new Replay(answers, scripts, channel));
        server.start();
        List<Integer> ports = new ArrayList<>();
        ports.add(((InetSocketAddress) server.getBoundAddresses().iterator().next()).getPort());
        for (int i = 1; i < portCount; i++) {
            server.bindMore(new InetSocketAddress("127.0.0.1", 0));
        }
        ports.clear();
        for (SocketAddress a : server.getBoundAddresses()) {
            ports.add(((InetSocketAddress) a).getPort());
        }
        ports.sort(null);
        for (int i = 0; i < ports.size(); i++) {
            INDEX.put(ports.get(i), i);
        }
        if (ports.size() != portCount) {
            throw new IllegalStateException("bound " + ports.size() + " ports, wanted " + portCount);
        }
        String keyLine = PublicKeyEntry.toString(hostKey.getPublic());
        StringBuilder kh = new StringBuilder();
        StringBuilder pl = new StringBuilder();
        for (int p : ports) {
            kh.append("[127.0.0.1]:").append(p).append(' ').append(keyLine).append('\n');
        }
        for (int i = 0; i < n; i++) {
            pl.append(ports.get(i % portCount)).append(' ').append(i < portCount ? "root" : "v" + i / portCount).append('\n');
        }
        Files.writeString(work.resolve("known_hosts"), kh);
        Files.writeString(work.resolve("ports.tmp"), pl);
        // the line first: the bench script greps it as soon as the ports file appears
        System.err.println("sim-server: " + n + " virtual hosts on 127.0.0.1 ports " + ports.get(0) + ".."
                + ports.get(ports.size() - 1) + " (" + portCount + " ports), " + answers.size() + " recorded script(s)");
        Files.move(work.resolve("ports.tmp"), work.resolve("ports"));
        long lastS = -1;
        long lastE = -1;
        while (true) {
            Thread.sleep(2000);
            long s = SESSIONS.get();
            long e = EXECS.get();
            if (s != lastS || e != lastE) {
                System.err.println("sim-server: " + s + " connection(s), " + e + " execution(s) so far");
                lastS = s;
                lastE = e;
            }
        }
    }

    /**
     * The host key is of the client key's type: ssh-ed25519 (what Debian's sshd offers first and
     * the container fleet negotiates) or ECDSA P-256. MINA SSHD does Ed25519 through Bouncy
     * Castle (a bench-only dependency); the controller, netune, through the JDK as in the field.
     */
    static KeyPair hostKey(PublicKey clientKey) throws Exception {
        if (KeyUtils.getKeyType(clientKey).equals(KeyPairProvider.SSH_ED25519)) {
            KeyPairGenerator gen = SecurityUtils.getKeyPairGenerator(SecurityUtils.EDDSA);
            gen.initialize(256);
            return gen.generateKeyPair();
        }
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(new ECGenParameterSpec("secp256r1"));
        return gen.generateKeyPair();
    }

    static PublicKey parse(String line) throws Exception {
        return AuthorizedKeyEntry.parseAuthorizedKeyEntry(line).resolvePublicKey(null, PublicKeyEntryResolver.FAILING);
    }

    private static final Pattern SNAPSHOT_ID = Pattern.compile("\\d{8}T\\d{6}Z-[0-9a-f]{4}");
    private static final Pattern SNAPSHOT_TIME = Pattern.compile("\"time\":\"[^\"]*\"");

    /** An apply script with its snapshot's id and time masked: each apply makes a new snapshot. */
    static String masked(String script) {
        return SNAPSHOT_TIME.matcher(SNAPSHOT_ID.matcher(script).replaceAll("SNAPSHOT")).replaceAll("\"time\":\"T\"");
    }

    /** NAME.KIND.script -> outputs NAME.KIND.*.out (sorted by name). */
    static Map<String, Answer> load(Path dir) throws IOException {
        Map<String, Answer> out = new HashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path script : files.filter(f -> f.toString().endsWith(".script")).sorted().toList()) {
                String stem = script.getFileName().toString().replaceFirst("\\.script$", "");
                List<byte[]> outputs = new ArrayList<>();
                try (Stream<Path> outs = Files.list(dir)) {
                    for (Path o : outs.filter(f -> f.getFileName().toString().startsWith(stem + ".")
                            && f.toString().endsWith(".out")).sorted().toList()) {
                        outputs.add(Files.readAllBytes(o));
                    }
                }
                if (!outputs.isEmpty()) {
                    out.put(masked(Files.readString(script)), new Answer(outputs));
                }
            }
        }
        return out;
    }

    /** The line ExecRun.hold puts after a held run's first script (the script ends with a newline of its own). */
    private static final Pattern HELD_MARK = Pattern.compile("\n\necho '(netune-held [0-9a-f]{16})'\n$");

    /**
     * Reads the script from stdin, answers with a recording, exits 0 (or 1 for an unknown script);
     * a held run's first script is answered at its mark, the follow-up at end of input.
     */
    static final class Replay implements Command {
        private final Map<String, Answer> answers;
        private final ExecutorService pool;
        /** The virtual host: port index, plus one round of ports per user number. */
        private final int host;
        private InputStream in;
        private OutputStream out;
        private OutputStream err;
        private ExitCallback exit;

        Replay(Map<String, Answer> answers, ExecutorService pool, ChannelSession channel) {
            this.answers = answers;
            this.pool = pool;
            int port = ((InetSocketAddress) channel.getSession().getIoSession().getLocalAddress()).getPort();
            String user = channel.getSession().getUsername();
            int round = user.startsWith("v") ? Integer.parseInt(user.substring(1)) : 0;
            this.host = INDEX.getOrDefault(port, port) + round * INDEX.size();
        }

        @Override
        public void setInputStream(InputStream in) {
            this.in = in;
        }

        @Override
        public void setOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void setErrorStream(OutputStream err) {
            this.err = err;
        }

        @Override
        public void setExitCallback(ExitCallback callback) {
            this.exit = callback;
        }

        @Override
        public void start(ChannelSession channel, Environment env) {
            EXECS.incrementAndGet();
            pool.execute(() -> {
                try {
                    // a held run (apply --yes): the gather, then its mark line, then later the apply
                    ByteArrayOutputStream got = new ByteArrayOutputStream();
                    byte[] buf = new byte[8192];
                    for (int n; (n = in.read(buf)) >= 0; ) {
                        got.write(buf, 0, n);
                        String text = got.toString(StandardCharsets.UTF_8);
                        Matcher held = HELD_MARK.matcher(text);
                        if (held.find()) {
                            if (!answer(text.substring(0, held.start() + 1))) {
                                return;
                            }
                            out.write((held.group(1) + "\n").getBytes(StandardCharsets.UTF_8));
                            out.flush();
                            got.reset();
                        }
                    }
                    if (got.size() == 0 || answer(got.toString(StandardCharsets.UTF_8))) {
                        exit.onExit(0);
                    }
                } catch (IOException e) {
                    exit.onExit(2, e.toString());
                }
            });
        }

        /** Writes the recording for {@code script}; an unknown script ends the run with exit 1. */
        private boolean answer(String script) throws IOException {
            Answer a = answers.get(masked(script));
            if (a == null) {
                err.write("sim-server: no recording for this script\n".getBytes(StandardCharsets.UTF_8));
                err.flush();
                exit.onExit(1);
                return false;
            }
            out.write(a.outputs().get(host % a.outputs().size()));
            out.flush();
            return true;
        }

        @Override
        public void destroy(ChannelSession channel) {
        }
    }
}
