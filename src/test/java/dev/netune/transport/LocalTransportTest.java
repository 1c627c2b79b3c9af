package dev.netune.transport;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalTransportTest {

    private final LocalTransport local = new LocalTransport();

    @Test
    void runsScriptFromStdin() throws TransportException {
        ExecResult r = local.run("echo out\necho err >&2\n", Duration.ofSeconds(10));
        assertEquals(new ExecResult(0, "out\n", "err\n"), r);
    }

    @Test
    void nonZeroExitIsAResult() throws TransportException {
        ExecResult r = local.run("echo partial\nexit 3\necho never\n", Duration.ofSeconds(10));
        assertEquals(3, r.exitCode());
        assertEquals("partial\n", r.stdout());
    }

    @Test
    void scriptIsNotReinterpretedByAnOuterShell() throws TransportException {
        String value = "it's $HOME and `id` \"quoted\"";
        ExecResult r = local.run("printf '%s' " + Shell.quote(value), Duration.ofSeconds(10));
        assertEquals(value, r.stdout());
    }

    @Test
    void largeOutputOnBothStreamsDoesNotDeadlock() throws TransportException {
        // Far beyond a pipe buffer on both streams at once.
        String script = "i=0; while [ $i -lt 20000 ]; do echo \"line $i\"; echo \"err $i\" >&2; i=$((i+1)); done";
        ExecResult r = local.run(script, Duration.ofSeconds(30));
        assertEquals(20000, r.stdout().lines().count());
        assertEquals(20000, r.stderr().lines().count());
    }

    @Test
    void largeScriptIsFedCompletely() throws TransportException {
        StringBuilder script = new StringBuilder();
        for (int i = 0; i < 20000; i++) {
            script.append(": padding line ").append(i).append('\n');
        }
        script.append("echo done\n");
        assertEquals("done\n", local.run(script.toString(), Duration.ofSeconds(30)).stdout());
    }

    @Test
    void utf8Survives() throws TransportException {
        assertEquals("ünïcødé ✓\n", local.run("echo 'ünïcødé ✓'", Duration.ofSeconds(10)).stdout());
    }

    @Test
    void timeoutKillsTheScript() {
        long start = System.nanoTime();
        TransportException e = assertThrows(TransportException.class,
                () -> local.run("sleep 30", Duration.ofMillis(300)));
        assertEquals(TransportException.Kind.TIMEOUT, e.kind());
        assertTrue(e.getMessage().contains("did not finish within 300ms"), e.getMessage());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 10, "returned promptly");
    }

    @Test
    void outputPastTheBoundFailsInsteadOfBeingTruncated() {
        LocalTransport small = new LocalTransport(1 << 20);
        TransportException e = assertThrows(TransportException.class,
                () -> small.run("head -c 3000000 /dev/zero; echo done >&2", Duration.ofSeconds(30)));
        assertEquals(TransportException.Kind.IO, e.kind());
        assertEquals("output of the script on localhost (local) passed 1 MiB; it was stopped", e.getMessage());
    }

    @Test
    void outputJustUnderTheBoundIsReturnedWhole() throws TransportException {
        LocalTransport small = new LocalTransport(1 << 20);
        ExecResult r = small.run("head -c 1000000 /dev/zero; head -c 48576 /dev/zero >&2", Duration.ofSeconds(30));
        assertEquals(1_000_000, r.stdout().length());
        assertEquals(48_576, r.stderr().length());
    }

    @Test
    void endlessOutputIsStoppedAtTheBound() {
        LocalTransport small = new LocalTransport(4 << 20);
        long start = System.nanoTime();
        TransportException e = assertThrows(TransportException.class,
                () -> small.run("echo $$ >&2; exec yes netune-endless", Duration.ofSeconds(60)));
        assertEquals("output of the script on localhost (local) passed 4 MiB; it was stopped", e.getMessage());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 30, "stopped long before the timeout");
        assertTrue(ProcessHandle.current().descendants()
                        .noneMatch(p -> p.info().commandLine().orElse("").contains("netune-endless")),
                "yes is gone");
    }

    @Test
    void privilegedMatchesUid() throws TransportException {
        String uid = local.run("id -u", Duration.ofSeconds(10)).stdout().strip();
        assertEquals("0".equals(uid), local.privileged());
    }

    @Test
    void describesItself() {
        assertEquals("localhost (local)", local.describe());
    }
}
