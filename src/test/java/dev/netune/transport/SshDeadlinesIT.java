package dev.netune.transport;

import dev.netune.testhost.SshdContainer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.netune.transport.TransportException.Kind.TIMEOUT;
import static dev.netune.transport.TransportException.Kind.UNREACHABLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every network step of SshTransport ends by its deadline, also where JSch applies none: inside
 * a ProxyJump tunnel, while waiting for a shared bastion, and while writing the script.
 */
class SshDeadlinesIT {

    @RegisterExtension
    static final SshdContainer HOST = new SshdContainer();

    /** Inside the container: accepts TCP and never says a word (no SSH version line). */
    private static final int SILENT_PORT = 2222;
    private static final Duration CONNECT = Duration.ofSeconds(3);
    private static final SshOptions OPTIONS = new SshOptions(CONNECT, false);
    /** Scheduling slack on a loaded 2-core machine. */
    private static final Duration SLACK = Duration.ofSeconds(4);

    @TempDir
    static Path tmp;
    private static Path knownHosts;

    @BeforeAll
    static void silentListenerAndKnownHosts() throws Exception {
        HOST.sh("setsid perl -MIO::Socket::INET -e '$s = IO::Socket::INET->new(LocalAddr => \"127.0.0.1\","
                + " LocalPort => " + SILENT_PORT + ", Listen => 64, ReuseAddr => 1) or die $!;"
                + " while (1) { push @held, scalar $s->accept }' </dev/null >/dev/null 2>&1 &");
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!HOST.sh("ss -ltn").contains("127.0.0.1:" + SILENT_PORT)) {
            assertTrue(System.nanoTime() < until, "silent listener started");
            Thread.sleep(100);
        }
        // the container's own sshd as seen from inside it (port 22: no brackets), next to the outside entry
        String[] key = HOST.hostPublicKey("ed25519").split(" ");
        knownHosts = tmp.resolve("known_hosts");
        Files.writeString(knownHosts, Files.readString(HOST.knownHostsFile()) + "127.0.0.1 " + key[0] + " " + key[1] + "\n");
    }

    private static SshTarget bastion() {
        return new SshTarget("bastion", HOST.address(), HOST.port(), "root", HOST.identityFile(), knownHosts, false);
    }

    private static SshTarget behind(String name, int port, SshTarget... jumps) {
        return new SshTarget(name, "127.0.0.1", port, "root", HOST.identityFile(), knownHosts, false, List.of(jumps));
    }

    @Test
    void handshakeThroughATunnelEndsAtTheConnectTimeout() {
        SshTarget silent = behind("silent", SILENT_PORT, bastion());
        long start = System.nanoTime();
        TransportException e = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> assertThrows(TransportException.class, () -> SshTransport.connect(silent, OPTIONS)));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertEquals(UNREACHABLE, e.kind());
        assertEquals("SSH connection to silent (127.0.0.1:" + SILENT_PORT + ") did not complete within 3s",
                e.getMessage());
        assertTrue(took.compareTo(CONNECT.plus(SLACK)) < 0, "took " + took);
    }

    @Test
    void hostsWaitingForAHangingBastionGiveUpAndOthersGoOn() throws Exception {
        SshTarget silentBastion = behind("silent-bastion", SILENT_PORT, bastion());
        List<SshTarget> stuck = List.of(behind("app-1", 22, bastion(), silentBastion),
                behind("app-2", 22, bastion(), silentBastion));
        SshTarget good = behind("app-3", 22, bastion());
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<Object>> results = new ArrayList<>();
            for (SshTarget target : List.of(stuck.get(0), stuck.get(1), good)) {
                results.add(pool.submit(() -> {
                    long start = System.nanoTime();
                    try (SshTransport ssh = SshTransport.connect(target, OPTIONS)) {
                        return ssh.run("id -u", Duration.ofSeconds(10)).stdout();
                    } catch (TransportException e) {
                        Duration took = Duration.ofNanos(System.nanoTime() - start);
                        assertTrue(took.compareTo(CONNECT.multipliedBy(2).plus(SLACK)) < 0,
                                target.name() + " took " + took + ": " + e.getMessage());
                        return e;
                    }
                }));
            }
            for (int i = 0; i < 2; i++) {
                Future<Object> result = results.get(i);
                Object outcome = assertTimeoutPreemptively(Duration.ofSeconds(40), () -> result.get());
                assertTrue(outcome instanceof TransportException, "app-" + (i + 1) + ": " + outcome);
                TransportException e = (TransportException) outcome;
                assertEquals(UNREACHABLE, e.kind(), e.getMessage());
                assertTrue(e.getMessage().contains("silent-bastion"), e.getMessage());
            }
            assertEquals("0\n", assertTimeoutPreemptively(Duration.ofSeconds(40), () -> results.get(2).get()));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void writingTheScriptEndsAtTheRunDeadline() throws Exception {
        // No timeout(1) on the host: the controller's deadline is the only one. The script's first
        // line sleeps, so sh stops reading stdin and sshd stops opening its window: the rest of the
        // script cannot be written.
        HOST.exec("mv", "/usr/bin/timeout", "/usr/bin/timeout.hidden");
        try (SshTransport ssh = SshTransport.connect(HOST.rootTarget(), OPTIONS)) {
            StringBuilder script = new StringBuilder("sleep 301\n");
            while (script.length() < (8 << 20)) {
                script.append(": padding that sh has not read yet\n");
            }
            long start = System.nanoTime();
            TransportException e = assertTimeoutPreemptively(Duration.ofSeconds(40),
                    () -> assertThrows(TransportException.class, () -> ssh.run(script.toString(), Duration.ofSeconds(2))));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertEquals(TIMEOUT, e.kind(), e.getMessage());
            assertTrue(e.getMessage().startsWith("script on " + ssh.describe() + " did not finish within 2s"),
                    e.getMessage());
            // the deadline, plus the grace for the host to confirm the stop
            assertTrue(took.compareTo(Duration.ofSeconds(2 + 3).plus(SLACK)) < 0, "took " + took);
        } finally {
            HOST.exec("mv", "/usr/bin/timeout.hidden", "/usr/bin/timeout");
            HOST.execResult("pkill", "-f", "sleep 301");
        }
    }
}
