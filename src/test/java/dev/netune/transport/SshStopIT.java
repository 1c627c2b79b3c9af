package dev.netune.transport;

import dev.netune.testhost.SshdContainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static dev.netune.transport.TransportException.Kind.IO;
import static dev.netune.transport.TransportException.Kind.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A stopped script is stopped on the host: at the timeout and past the output bound, as root and via sudo. */
class SshStopIT {

    @RegisterExtension
    static final SshdContainer HOST = new SshdContainer();

    private static final SshOptions OPTIONS = new SshOptions(Duration.ofSeconds(10), false);
    private static final String SYSCTL = "/proc/sys/net/ipv4/tcp_mtu_probing";

    @Test
    void timedOutScriptChangesNothingLaterAsRoot() throws Exception {
        timedOutScriptChangesNothingLater(HOST.rootTarget());
    }

    @Test
    void timedOutScriptChangesNothingLaterThroughSudo() throws Exception {
        timedOutScriptChangesNothingLater(HOST.target("web-1", SshdContainer.TUNER, true));
    }

    /**
     * The script outlives the controller's deadline (1.1 s) but not the host-side watchdog
     * (timeout(1) at 3 s), so only a stop that reaches the whole group keeps it from acting;
     * the margins either side are about 0.8 s.
     */
    private void timedOutScriptChangesNothingLater(SshTarget target) throws Exception {
        String marker = "/tmp/netune-late-" + target.user();
        HOST.exec("rm", "-f", marker);
        String before = HOST.exec("cat", SYSCTL).strip();
        String changed = "0".equals(before) ? "2" : "0";
        String script = "sleep 2.2\ntouch " + marker + "\necho " + changed + " > " + SYSCTL + "\n";
        try (SshTransport ssh = SshTransport.connect(target, OPTIONS)) {
            TransportException e = assertThrows(TransportException.class, () -> ssh.run(script, Duration.ofMillis(1100)));
            assertEquals(TIMEOUT, e.kind());
            assertEquals("script on " + ssh.describe() + " did not finish within 1.1s; it was stopped", e.getMessage());
            assertFalse(HOST.sh("ps -eo args").contains("sleep 2.2"), "the script's process tree is gone\n"
                    + HOST.sh("ps -eo pid,pgid,args"));
            TimeUnit.MILLISECONDS.sleep(3000); // well past the script's sleep
            assertEquals("no", HOST.sh("test -e " + marker + " && echo yes || echo no").strip(), "marker written late");
            assertEquals(before, HOST.exec("cat", SYSCTL).strip(), "sysctl changed after the reported stop");
            assertEquals("still usable\n", ssh.run("echo still usable", Duration.ofSeconds(10)).stdout());
        }
        String ps = HOST.sh("ps -eo args");
        assertFalse(ps.contains("sh -s") || ps.contains("timeout -k"), "nothing left of the run:\n" + ps);
    }

    @Test
    void aProcessThatLeftTheGroupIsNotReportedAsStopped() throws Exception {
        // setsid takes the child out of the script's process group, but it keeps the script's output
        // open, so sshd never closes the channel: the stop cannot be confirmed, and is not claimed.
        try (SshTransport ssh = SshTransport.connect(HOST.rootTarget(), OPTIONS)) {
            long start = System.nanoTime();
            TransportException e = assertThrows(TransportException.class,
                    () -> ssh.run("setsid sleep 301 &\nsleep 300\n", Duration.ofSeconds(1)));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertEquals(TIMEOUT, e.kind());
            assertEquals("script on " + ssh.describe() + " did not finish within 1s; netune tried to stop it, but the"
                    + " host did not confirm that it ended: it may still be running", e.getMessage());
            assertTrue(took.compareTo(Duration.ofSeconds(1 + 3 + 3 + 4)) < 0, "took " + took);
            assertFalse(HOST.sh("ps -eo args").contains("sleep 300"), "the group itself was killed");
        } finally {
            HOST.execResult("pkill", "-f", "sleep 301");
        }
    }

    @Test
    void endlessOutputIsStoppedAtTheBoundAsRoot() throws Exception {
        endlessOutputIsStoppedAtTheBound(HOST.rootTarget());
    }

    @Test
    void endlessOutputIsStoppedAtTheBoundThroughSudo() throws Exception {
        endlessOutputIsStoppedAtTheBound(HOST.target("web-1", SshdContainer.TUNER, true));
    }

    private void endlessOutputIsStoppedAtTheBound(SshTarget target) throws Exception {
        SshOptions small = new SshOptions(Duration.ofSeconds(10), false, 8L << 20);
        long start = System.nanoTime();
        try (SshTransport ssh = SshTransport.connect(target, small)) {
            TransportException e = assertThrows(TransportException.class,
                    () -> ssh.run("yes netune-endless-output", Duration.ofSeconds(120)));
            assertEquals(IO, e.kind());
            assertEquals("output of the script on " + ssh.describe() + " passed 8 MiB; it was stopped", e.getMessage());
            assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 60, "stopped at the bound, not the timeout");
            assertFalse(HOST.sh("ps -eo args").contains("netune-endless-output"), "yes is gone");
            assertEquals("still usable\n", ssh.run("echo still usable", Duration.ofSeconds(10)).stdout());
        }
    }

    @Test
    void outputOnBothStreamsCountsTowardsOneBound() throws Exception {
        SshOptions small = new SshOptions(Duration.ofSeconds(10), false, 1L << 20);
        try (SshTransport ssh = SshTransport.connect(HOST.rootTarget(), small)) {
            // 600 KB on each stream: each alone is under 1 MiB, together they are not
            TransportException e = assertThrows(TransportException.class, () -> ssh.run(
                    "head -c 600000 /dev/zero; head -c 600000 /dev/zero >&2", Duration.ofSeconds(30)));
            assertEquals("output of the script on " + ssh.describe() + " passed 1 MiB; it was stopped", e.getMessage());
            ExecResult whole = ssh.run("head -c 500000 /dev/zero; head -c 500000 /dev/zero >&2", Duration.ofSeconds(30));
            assertEquals(500000, whole.stdout().length());
            assertEquals(500000, whole.stderr().length());
        }
    }
}
