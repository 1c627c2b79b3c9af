package dev.netune.transport;

import dev.netune.testhost.SshdContainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static dev.netune.transport.TransportException.Kind.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The transport's waits on a channel end by the signals of {@link ChannelWakeup}, against a real
 * sshd and JSch as shipped: with the backstop set to an hour, a wait that no signal ended would
 * run into this test's guard. What it holds is that JSch writes a channel's output into netune's
 * streams and closes them when the channel closes, which {@code ChannelWakeupTest} can only assume.
 */
class ChannelWakeupIT {

    @RegisterExtension
    static final SshdContainer HOST = new SshdContainer();

    private static final SshOptions OPTIONS = new SshOptions(Duration.ofSeconds(10), false);
    private static final Duration T = Duration.ofSeconds(30);
    /** Each run takes well under a second here; far less than the hour a missed signal would cost. */
    private static final Duration GUARD = Duration.ofSeconds(10);

    @BeforeAll
    static void onlySignalsEndAWait() {
        ChannelWakeup.defaultBackstop(Duration.ofHours(1));
    }

    @AfterAll
    static void defaultBackstop() {
        ChannelWakeup.defaultBackstop(null);
    }

    @Test
    void aRunEndsWhenItsChannelCloses() throws Exception {
        try (SshTransport ssh = SshTransport.connect(HOST.rootTarget(), OPTIONS)) {
            // the output first, the close later: the wait must see the close, not only the writes
            ExecResult r = assertTimeoutPreemptively(GUARD, () -> ssh.run("echo out; echo err >&2; sleep 0.3; exit 3", T));
            assertEquals(3, r.exitCode());
            assertEquals("out\n", r.stdout());
            assertEquals("err\n", r.stderr());
            // a run that prints nothing at all ends by the close alone
            assertEquals(0, assertTimeoutPreemptively(GUARD, () -> ssh.run("sleep 0.2", T)).exitCode());
        }
    }

    @Test
    void aHeldRunSeesItsMarkThenItsFollowUpsEnd() throws Exception {
        try (SshTransport ssh = SshTransport.connect(HOST.rootTarget(), OPTIONS)) {
            // the mark comes back while the channel stays open: only the write's signal can end that wait
            HeldRun held = assertTimeoutPreemptively(GUARD, () -> ssh.hold("echo first", T));
            assertEquals("first\n", held.first().stdout());
            ExecResult then = assertTimeoutPreemptively(GUARD, () -> held.then("echo then; exit 4", T));
            assertEquals(4, then.exitCode());
            assertEquals("then\n", then.stdout());

            HeldRun closed = assertTimeoutPreemptively(GUARD, () -> ssh.hold("echo again", T));
            assertTimeoutPreemptively(GUARD, closed::close);
            assertEquals("still usable\n", assertTimeoutPreemptively(GUARD, () -> ssh.run("echo still usable", T)).stdout());
        }
    }

    @Test
    void aStoppedRunEndsWithinItsGrace() throws Exception {
        try (SshTransport ssh = SshTransport.connect(HOST.rootTarget(), OPTIONS)) {
            long start = System.nanoTime();
            // the stop kills the group over a second channel and waits for both channels to close
            TransportException e = assertTimeoutPreemptively(GUARD,
                    () -> assertThrows(TransportException.class, () -> ssh.run("sleep 30", Duration.ofMillis(500))));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertEquals(TIMEOUT, e.kind());
            // each wait of the stop is bounded by its grace (3 s) as well: ending well before the
            // deadline plus that grace shows the closes were seen when they came
            assertTrue(took.compareTo(Duration.ofMillis(500).plus(ExecRun.STOP_GRACE)) < 0, "took " + took);
        }
    }
}
