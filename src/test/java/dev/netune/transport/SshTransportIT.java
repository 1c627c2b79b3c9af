package dev.netune.transport;

import dev.netune.testhost.Require;
import dev.netune.testhost.SshdContainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.netune.transport.TransportException.Kind.AUTH;
import static dev.netune.transport.TransportException.Kind.HOST_KEY;
import static dev.netune.transport.TransportException.Kind.TIMEOUT;
import static dev.netune.transport.TransportException.Kind.UNREACHABLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SshTransport against a real sshd in a container. */
class SshTransportIT {

    @RegisterExtension
    static final SshdContainer HOST = new SshdContainer();

    private static final Duration T = Duration.ofSeconds(20);
    private static final SshOptions STRICT = new SshOptions(Duration.ofSeconds(10), false);
    private static final SshOptions ACCEPT_NEW = new SshOptions(Duration.ofSeconds(10), true);

    /** Accept-new with {@code own} as the user's known_hosts, the only file keys are added to. */
    private static SshOptions acceptNewInto(Path own) {
        return new SshOptions(Duration.ofSeconds(10), true, own);
    }

    @TempDir
    Path tmp;

    // ---- running scripts ----

    @Test
    void runsAsRoot() throws Exception {
        try (SshTransport ssh = SshTransport.connect(HOST.rootTarget(), STRICT)) {
            assertEquals(new ExecResult(0, "0\n", ""), ssh.run("id -u", T));
            assertTrue(ssh.privileged());
            assertEquals("sshd-test (127.0.0.1:" + HOST.port() + ")", ssh.describe());
        }
    }

    @Test
    void runsAsTunerThroughSudo() throws Exception {
        try (SshTransport ssh = SshTransport.connect(HOST.target("web-1", "tuner", true), STRICT)) {
            assertEquals("0\n", ssh.run("id -u", T).stdout());
            assertTrue(ssh.privileged());
            // Privilege is real: a network sysctl of the container's namespace can be written.
            ExecResult write = ssh.run("echo 4242 > /proc/sys/net/core/somaxconn && cat /proc/sys/net/core/somaxconn", T);
            assertEquals(new ExecResult(0, "4242\n", ""), write);
        }
        assertEquals("4242\n", HOST.exec("cat", "/proc/sys/net/core/somaxconn"));
    }

    @Test
    void runsAsTunerWithoutBecome() throws Exception {
        try (SshTransport ssh = SshTransport.connect(HOST.target("web-1", "tuner", false), STRICT)) {
            assertEquals("tuner\n", ssh.run("id -un", T).stdout());
            assertFalse(ssh.privileged());
        }
    }

    @Test
    void nonZeroExitIsAResultAndSessionIsReused() throws Exception {
        try (SshTransport ssh = SshTransport.connect(HOST.rootTarget(), STRICT)) {
            assertEquals(new ExecResult(7, "out\n", "err\n"), ssh.run("echo out; echo err >&2; exit 7", T));
            assertEquals(new ExecResult(0, "again\n", ""), ssh.run("echo again", T));
        }
    }

    @Test
    void scriptWithQuotesAndDollarsArrivesIntact() throws Exception {
        String value = "it's \"$HOME\" `id` $(id) \\ ; | & * ünïcødé\ttab";
        String script = "v=" + Shell.quote(value) + "\nprintf '%s' \"$v\"\n";
        for (SshTarget target : new SshTarget[] {HOST.rootTarget(), HOST.target("web-1", "tuner", true)}) {
            try (SshTransport ssh = SshTransport.connect(target, STRICT)) {
                assertEquals(new ExecResult(0, value, ""), ssh.run(script, T), target.user());
            }
        }
    }

    @Test
    void largeScriptAndOutput() throws Exception {
        StringBuilder script = new StringBuilder();
        for (int i = 0; i < 10000; i++) {
            script.append(": padding ").append(i).append('\n');
        }
        script.append("seq 1 100000\nseq 1 50000 >&2\n");
        try (SshTransport ssh = SshTransport.connect(HOST.rootTarget(), STRICT)) {
            ExecResult r = ssh.run(script.toString(), T);
            assertEquals(100000, r.stdout().lines().count());
            assertEquals(50000, r.stderr().lines().count());
        }
    }

    @Test
    void timeoutStopsTheScriptAndKeepsTheSession() throws Exception {
        try (SshTransport ssh = SshTransport.connect(HOST.rootTarget(), STRICT)) {
            TransportException e = assertThrows(TransportException.class,
                    () -> ssh.run("sleep 300; echo late", Duration.ofMillis(500)));
            assertEquals(TIMEOUT, e.kind());
            assertEquals("script on " + ssh.describe() + " did not finish within 500ms; it was stopped", e.getMessage());
            assertEquals("still here\n", ssh.run("echo still here", T).stdout());
            // how far a stopped script got
            TransportException partway = assertThrows(TransportException.class,
                    () -> ssh.run("echo step one; echo step two; sleep 300; echo late", Duration.ofSeconds(2)));
            assertEquals("script on " + ssh.describe() + " did not finish within 2s; it was stopped"
                    + " (the last line it printed: 'step two')", partway.getMessage());
        }
        // The signal request reached the script: no sleep 300 is left behind.
        waitUntil(() -> !HOST.sh("ps -eo args").contains("sleep 300"), "sleep 300 was killed");
    }

    // ---- held runs: the gather and the apply in one execution ----

    @Test
    void heldShellTakesTheFollowUpAsRoot() throws Exception {
        heldShellTakesTheFollowUp(HOST.rootTarget());
    }

    @Test
    void heldShellTakesTheFollowUpThroughSudo() throws Exception {
        heldShellTakesTheFollowUp(HOST.target("web-1", SshdContainer.TUNER, true));
    }

    /** One shell ($$ the same) runs both scripts; each part has its own output, the follow-up's exit is the run's. */
    private void heldShellTakesTheFollowUp(SshTarget target) throws Exception {
        try (SshTransport ssh = SshTransport.connect(target, STRICT)) {
            HeldRun held = ssh.hold("echo first $$; echo to stderr >&2; id -u", T);
            String[] first = held.first().stdout().split("\n");
            assertEquals(2, first.length, held.first().stdout());
            assertTrue(first[0].startsWith("first "));
            assertEquals("0", first[1], "privileged in both parts");
            assertEquals(0, held.first().exitCode());
            assertEquals("to stderr\n", held.first().stderr());
            String shell = first[0].substring("first ".length());
            ExecResult then = held.then("{\necho second $$\nexit 3\n}\n", T);
            assertEquals(new ExecResult(3, "second " + shell + "\n", ""), then);
            assertEquals("still here\n", ssh.run("echo still here", T).stdout());
        }
    }

    @Test
    void closingAHeldRunEndsItsShell() throws Exception {
        try (SshTransport ssh = SshTransport.connect(HOST.rootTarget(), STRICT)) {
            HeldRun held = ssh.hold("echo $$", T);
            String pid = held.first().stdout().strip();
            assertTrue(HOST.sh("kill -0 " + pid + " && echo alive").contains("alive"), "held: the shell waits");
            held.close();
            waitUntil(() -> !HOST.sh("kill -0 " + pid + " 2>/dev/null && echo alive || :").contains("alive"),
                    "the held shell ended");
            assertThrows(IllegalStateException.class, () -> held.then("echo late", T));
        }
    }

    @Test
    void aFirstScriptThatExitsHoldsNothing() throws Exception {
        try (SshTransport ssh = SshTransport.connect(HOST.rootTarget(), STRICT)) {
            HeldRun held = ssh.hold("echo a $$; exit 4", T);
            assertEquals(4, held.first().exitCode());
            String shell = held.first().stdout().strip().substring("a ".length());
            ExecResult then = held.then("echo b $$", T);
            assertEquals(0, then.exitCode());
            assertTrue(then.stdout().startsWith("b "), then.stdout());
            assertNotEquals("b " + shell, then.stdout().strip(), "a shell of its own");
        }
    }

    /** The host's watchdog was set for twice the first part's timeout: a longer follow-up gets a run of its own. */
    @Test
    void aFollowUpLongerThanTheHeldShellHasLeftRunsOnItsOwn() throws Exception {
        try (SshTransport ssh = SshTransport.connect(HOST.rootTarget(), STRICT)) {
            HeldRun held = ssh.hold("echo $$", Duration.ofSeconds(2));
            String shell = held.first().stdout().strip();
            String then = held.then("echo $$", T).stdout().strip();
            assertFalse(then.isEmpty());
            assertNotEquals(shell, then, "a new shell, with the follow-up's own watchdog");
        }
    }

    @Test
    void heldFollowUpIsStoppedAtItsDeadline() throws Exception {
        try (SshTransport ssh = SshTransport.connect(HOST.rootTarget(), STRICT)) {
            HeldRun held = ssh.hold("echo ready", T);
            assertEquals("ready\n", held.first().stdout());
            TransportException e = assertThrows(TransportException.class,
                    () -> held.then("echo started; sleep 301; echo late", Duration.ofSeconds(1)));
            assertEquals(TIMEOUT, e.kind());
            assertEquals("script on " + ssh.describe() + " did not finish within 1s; it was stopped"
                    + " (the last line it printed: 'started')", e.getMessage());
            assertEquals("still here\n", ssh.run("echo still here", T).stdout());
        }
        waitUntil(() -> !HOST.sh("ps -eo args").contains("sleep 301"), "sleep 301 was killed");
    }

    @Test
    void sudoThatWantsAPasswordIsExplained() throws Exception {
        HOST.sh("id needspw >/dev/null 2>&1 || {"
                + " useradd -m -s /bin/sh needspw && echo 'needspw:secret' | chpasswd"
                + " && echo 'needspw ALL=(ALL) ALL' > /etc/sudoers.d/needspw && chmod 440 /etc/sudoers.d/needspw"
                + " && mkdir -p ~needspw/.ssh && cp /root/.ssh/authorized_keys ~needspw/.ssh/"
                + " && chown -R needspw: ~needspw/.ssh; }");
        try (SshTransport ssh = SshTransport.connect(HOST.target("db-1", "needspw", true), STRICT)) {
            TransportException e = assertThrows(TransportException.class, () -> ssh.run("id -u", T));
            assertEquals(AUTH, e.kind());
            assertEquals("sudo on " + ssh.describe() + " requires a password; netune needs passwordless sudo"
                    + " (NOPASSWD) for user needspw", e.getMessage());
        }
    }

    // ---- host keys ----

    @Test
    void unknownHostKeyIsRefused() throws Exception {
        Path knownHosts = Files.createFile(tmp.resolve("known_hosts"));
        SshTarget target = withKnownHosts(HOST.target("web-1", "root", false), knownHosts);
        TransportException e = assertThrows(TransportException.class, () -> SshTransport.connect(target, STRICT));
        assertEquals(HOST_KEY, e.kind());
        assertTrue(e.getMessage().startsWith("host key of web-1 (127.0.0.1:" + HOST.port() + ") is not in "
                + knownHosts + "; verify it and add it, or pass --accept-new-host-keys"), e.getMessage());
        assertEquals("", Files.readString(knownHosts));
    }

    @Test
    void unknownHostKeyIsAddedWithAcceptNew() throws Exception {
        // Missing file in a missing directory: both are created.
        Path knownHosts = tmp.resolve("ssh/known_hosts");
        SshTarget target = withKnownHosts(HOST.rootTarget(), knownHosts);
        try (SshTransport ssh = SshTransport.connect(target, acceptNewInto(knownHosts))) {
            assertEquals("0\n", ssh.run("id -u", T).stdout());
        }
        String line = Files.readString(knownHosts);
        assertTrue(line.startsWith("[127.0.0.1]:" + HOST.port() + " "), line);
        String[] fields = line.strip().split(" ");
        String typeName = fields[1].replace("ssh-", "").replaceFirst("ecdsa-sha2-nistp256", "ecdsa");
        String[] hostKey = HOST.hostPublicKey(typeName).split(" ");
        assertEquals(hostKey[0] + " " + hostKey[1], fields[1] + " " + fields[2]);
        // Now it is known: strict checking accepts it.
        try (SshTransport ssh = SshTransport.connect(target, STRICT)) {
            assertEquals("0\n", ssh.run("id -u", T).stdout());
        }
    }

    @Test
    void acceptNewAppendsWithoutTouchingOtherEntries() throws Exception {
        Path knownHosts = tmp.resolve("known_hosts");
        String existing = "# my hosts\nother.example ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl";
        Files.writeString(knownHosts, existing); // No trailing newline on purpose.
        try (SshTransport ssh = SshTransport.connect(withKnownHosts(HOST.rootTarget(), knownHosts),
                acceptNewInto(knownHosts))) {
            ssh.run("true", T);
        }
        String content = Files.readString(knownHosts);
        assertTrue(content.startsWith(existing + "\n[127.0.0.1]:" + HOST.port() + " "), content);
    }

    @Test
    void acceptNewNeverWritesAKnownHostsFileTheInventoryNamed() throws Exception {
        // issue #19: the inventory's knownHosts is read, never written; the user's own file is elsewhere
        Path fleet = Files.writeString(tmp.resolve("fleet_known_hosts"), "# the team's reviewed keys\n");
        Path own = tmp.resolve("own/known_hosts");
        SshTarget target = withKnownHosts(HOST.target("web-1", "root", false), fleet);
        TransportException e = assertThrows(TransportException.class,
                () -> SshTransport.connect(target, acceptNewInto(own)));
        assertEquals(HOST_KEY, e.kind());
        assertTrue(e.getMessage().startsWith("host key of web-1 (127.0.0.1:" + HOST.port() + ") is new but could not"
                + " be added to " + fleet + ": it was named by the inventory or its ssh config, and netune only reads"
                + " such files"), e.getMessage());
        assertEquals("# the team's reviewed keys\n", Files.readString(fleet));
        assertFalse(Files.exists(own));
    }

    @Test
    void changedHostKeyIsRefusedEvenWithAcceptNew() throws Exception {
        String otherKey = SshdContainer.generateKey(tmp.resolve("other/id")).publicKey().split(" ")[1];
        Path knownHosts = tmp.resolve("known_hosts");
        String content = "[127.0.0.1]:" + HOST.port() + " ssh-ed25519 " + otherKey + "\n";
        Files.writeString(knownHosts, content);
        SshTarget target = withKnownHosts(HOST.target("web-1", "root", false), knownHosts);
        for (SshOptions options : new SshOptions[] {STRICT, ACCEPT_NEW, acceptNewInto(knownHosts)}) {
            TransportException e = assertThrows(TransportException.class, () -> SshTransport.connect(target, options));
            assertEquals(HOST_KEY, e.kind());
            assertTrue(e.getMessage().startsWith("host key of web-1 (127.0.0.1:" + HOST.port() + ") has CHANGED"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("man-in-the-middle"), e.getMessage());
            assertTrue(e.getMessage().contains("ssh-keygen -R '[127.0.0.1]:" + HOST.port() + "'"), e.getMessage());
        }
        assertEquals(content, Files.readString(knownHosts));
    }

    @Test
    void acceptsEcdsaAndRsaHostKeys() throws Exception {
        for (String type : new String[] {"ecdsa", "rsa"}) {
            String[] key = HOST.hostPublicKey(type).split(" ");
            Path knownHosts = tmp.resolve("known_hosts_" + type);
            Files.writeString(knownHosts, "[127.0.0.1]:" + HOST.port() + " " + key[0] + " " + key[1] + "\n");
            // Only this type is known, so JSch must negotiate it (rsa means rsa-sha2-*: ssh-rsa/SHA-1 is off).
            try (SshTransport ssh = SshTransport.connect(withKnownHosts(HOST.rootTarget(), knownHosts), STRICT)) {
                assertEquals("0\n", ssh.run("id -u", T).stdout(), type);
            }
        }
    }

    @Test
    void hashedKnownHostsEntriesWork() throws Exception {
        Path knownHosts = tmp.resolve("known_hosts");
        Files.copy(HOST.knownHostsFile(), knownHosts);
        Process p = new ProcessBuilder("ssh-keygen", "-H", "-f", knownHosts.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Require.that(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "ssh-keygen -H (openssh-client)");
        assertTrue(Files.readString(knownHosts).startsWith("|1|"));
        try (SshTransport ssh = SshTransport.connect(withKnownHosts(HOST.rootTarget(), knownHosts), STRICT)) {
            assertEquals("0\n", ssh.run("id -u", T).stdout());
        }
    }

    // ---- authentication and reachability ----

    @Test
    void wrongKeyIsAnAuthFailure() {
        Path wrongKey = SshdContainer.generateKey(tmp.resolve("wrong/id_ed25519")).privateKey();
        SshTarget base = HOST.target("web-1", "root", false);
        SshTarget target = new SshTarget(base.name(), base.address(), base.port(), base.user(), wrongKey,
                base.knownHosts(), false);
        TransportException e = assertThrows(TransportException.class, () -> SshTransport.connect(target, STRICT));
        assertEquals(AUTH, e.kind());
        assertTrue(e.getMessage().startsWith("authentication as root on web-1 (127.0.0.1:" + HOST.port()
                + ") failed: the server accepted none of the offered keys (identity file " + wrongKey), e.getMessage());
    }

    /**
     * A file key is signed and sent at once: no "none" request, no query whether the server takes
     * the key (OpenSSH's ssh sends all three). A key the server refuses costs one request, and the
     * next file key is tried. Counted in sshd's own log, at LogLevel DEBUG for this test.
     */
    @Test
    void fileKeysLogInWithOneSignedRequestEach() throws Exception {
        Path wrongKey = SshdContainer.generateKey(tmp.resolve("wrong/id_ed25519")).privateKey();
        SshTarget base = HOST.rootTarget();
        SshTarget target = new SshTarget(base.name(), base.address(), base.port(), base.user(), null,
                base.knownHosts(), false, List.of(),
                new SshLogin(List.of(wrongKey, HOST.identityFile()), false, false, "none", null, List.of(), List.of(), false));
        restartSshd("cp /etc/ssh/sshd_config /etc/ssh/sshd_config.before && echo 'LogLevel DEBUG' >> /etc/ssh/sshd_config");
        try {
            long from = HOST.container().getLogs().lines().count();
            try (SshTransport ssh = SshTransport.connect(target, STRICT, null)) {
                assertEquals("0\n", ssh.run("id -u", T).stdout());
            }
            List<String> requests = HOST.container().getLogs().lines().skip(from)
                    .filter(l -> l.contains("userauth-request for user root")).toList();
            assertEquals(2, requests.size(), "the refused key, then the right one: " + requests);
            assertTrue(requests.stream().allMatch(l -> l.contains(" method publickey ")), requests::toString);
            assertEquals(0, HOST.container().getLogs().lines().skip(from).filter(l -> l.contains("Postponed publickey")).count(),
                    "no key was asked about before it was signed");
        } finally {
            restartSshd("mv /etc/ssh/sshd_config.before /etc/ssh/sshd_config");
        }
    }

    /** Runs {@code script}, then has sshd re-read its configuration, and waits until it listens again. */
    private static void restartSshd(String script) throws InterruptedException {
        long listening = HOST.container().getLogs().lines().filter(l -> l.contains("Server listening on 0.0.0.0")).count();
        HOST.sh(script + " && kill -HUP 1");
        waitUntil(() -> HOST.container().getLogs().lines().filter(l -> l.contains("Server listening on 0.0.0.0")).count()
                > listening, "sshd listens again");
    }

    @Test
    void missingIdentityFileIsAnAuthFailure() {
        SshTarget base = HOST.rootTarget();
        Path missing = tmp.resolve("nope");
        SshTarget target = new SshTarget(base.name(), base.address(), base.port(), base.user(), missing,
                base.knownHosts(), false);
        TransportException e = assertThrows(TransportException.class, () -> SshTransport.connect(target, STRICT));
        assertEquals(AUTH, e.kind());
        assertTrue(e.getMessage().contains(missing + " for sshd-test"), e.getMessage());
    }

    @Test
    void agentKeysAreUsed() throws Exception {
        Path socket = tmp.resolve("agent.sock");
        Process agent;
        try {
            agent = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            Require.that(false, "ssh-agent (openssh-client)");
            return;
        }
        try {
            waitUntil(() -> Files.exists(socket), "ssh-agent listens");
            ProcessBuilder add = new ProcessBuilder("ssh-add", HOST.identityFile().toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            add.environment().put("SSH_AUTH_SOCK", socket.toString());
            Process p = add.start();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "ssh-add");
            SshTarget base = HOST.rootTarget();
            SshTarget noFile = new SshTarget(base.name(), base.address(), base.port(), base.user(), null,
                    base.knownHosts(), false);
            try (SshTransport ssh = SshTransport.connect(noFile, STRICT, socket.toString())) {
                assertEquals("0\n", ssh.run("id -u", T).stdout());
            }
        } finally {
            agent.destroy();
        }
    }

    @Test
    void passphraseProtectedKeyWithoutAgentIsExplained() throws Exception {
        Path key = tmp.resolve("locked/id_ed25519");
        Files.createDirectories(key.getParent());
        Process p;
        try {
            p = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "secret", "-f", key.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            Require.that(false, "ssh-keygen (openssh-client)");
            return;
        }
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "ssh-keygen");
        SshTarget base = HOST.rootTarget();
        SshTarget target = new SshTarget(base.name(), base.address(), base.port(), base.user(), key,
                base.knownHosts(), false);
        TransportException e = assertThrows(TransportException.class,
                () -> SshTransport.connect(target, STRICT, null));
        assertEquals(AUTH, e.kind());
        assertEquals("identity file " + key + " is protected by a passphrase; load it into ssh-agent (ssh-add)"
                + " so netune can use it", e.getMessage());
    }

    @Test
    void closedPortIsUnreachable() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        SshTarget base = HOST.rootTarget();
        SshTarget target = new SshTarget("web-9", "127.0.0.1", port, "root", base.identityFile(),
                base.knownHosts(), false);
        TransportException e = assertThrows(TransportException.class, () -> SshTransport.connect(target, STRICT));
        assertEquals(UNREACHABLE, e.kind());
        assertEquals("connection to web-9 (127.0.0.1:" + port + ") refused", e.getMessage());
    }

    // ---- helpers ----

    private static SshTarget withKnownHosts(SshTarget t, Path knownHosts) {
        return new SshTarget(t.name(), t.address(), t.port(), t.user(), t.identityFile(), knownHosts, t.become());
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(100);
        }
    }
}
