package dev.netune.transport;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.KeyPair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The connect timeout bounds the whole connect, against servers on 127.0.0.1 that misbehave. */
class SshConnectDeadlineTest {

    private static final SshOptions OPTIONS = new SshOptions(Duration.ofSeconds(2), false);

    @TempDir
    Path tmp;
    private ServerSocket server;
    private final List<Socket> accepted = new ArrayList<>();
    private Thread acceptor;

    @BeforeEach
    void listen() throws IOException {
        server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void close() throws IOException {
        server.close();
        if (acceptor != null) {
            acceptor.interrupt();
        }
        for (Socket s : accepted) {
            s.close();
        }
    }

    /** Accepts connections and hands each to {@code talk} on the acceptor thread (one at a time is enough). */
    private void serve(Talk talk) {
        acceptor = new Thread(() -> {
            try {
                while (!server.isClosed()) {
                    Socket s = server.accept();
                    accepted.add(s);
                    talk.talk(s.getOutputStream());
                }
            } catch (IOException | InterruptedException e) {
                // closed by the test
            }
        }, "test-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    interface Talk {
        void talk(OutputStream out) throws IOException, InterruptedException;
    }

    private SshTarget target() throws Exception {
        Path key = tmp.resolve("id_rsa");
        KeyPair pair = KeyPair.genKeyPair(new JSch(), KeyPair.RSA, 2048);
        pair.writePrivateKey(key.toString());
        pair.dispose();
        Path knownHosts = Files.createFile(tmp.resolve("known_hosts"));
        return new SshTarget("odd", "127.0.0.1", server.getLocalPort(), "root", key, knownHosts, false);
    }

    private void failsWithinTheConnectTimeout() throws Exception {
        SshTarget target = target();
        long start = System.nanoTime();
        TransportException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> assertThrows(TransportException.class, () -> SshTransport.connect(target, OPTIONS, null)));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertEquals(TransportException.Kind.UNREACHABLE, e.kind(), e.getMessage());
        assertTrue(took.compareTo(Duration.ofSeconds(5)) < 0, "took " + took);
        assertTrue(e.getMessage().contains(target.describe()), e.getMessage());
    }

    @Test
    void serverThatNeverSpeaks() throws Exception {
        serve(out -> { });
        failsWithinTheConnectTimeout();
    }

    @Test
    void serverThatDribblesLinesAndNeverAVersion() throws Exception {
        // Lines before the version are allowed (RFC 4253 4.2), and each arrives within JSch's
        // per-read timeout: only a deadline for the whole connect ends this.
        serve(out -> {
            while (true) {
                out.write("please wait\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(300);
            }
        });
        failsWithinTheConnectTimeout();
    }
}
