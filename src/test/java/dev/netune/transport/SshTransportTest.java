package dev.netune.transport;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pure parts of SshTransport; the connection itself is covered by SshTransportIT. */
class SshTransportTest {

    @Test
    void remoteCommandFeedsStdinToShWithAWatchdogAfterOurDeadline() {
        assertEquals("sh -c 'echo netune-run-pid $$ >&2; command -v timeout >/dev/null 2>&1"
                + " && exec timeout -k 1 31 sh -s; exec sh -s'",
                SshTransport.remoteCommand(false, Duration.ofSeconds(30)));
        assertEquals("sudo -n sh -c 'SSH_CONNECTION=$1; export SSH_CONNECTION; echo netune-run-pid $$ >&2;"
                + " command -v timeout >/dev/null 2>&1 && exec timeout -k 1 2 sh -s; exec sh -s' netune \"$SSH_CONNECTION\"",
                SshTransport.remoteCommand(true, Duration.ofMillis(200)));
    }

    @Test
    void killCommandSignalsTheGroupOfTheAnnouncedPidOnly() {
        assertEquals("sh -c 'read -r _ _ _ _ g _ < /proc/4242/stat || exit 0; [ \"$g\" -gt 1 ] || exit 0;"
                + " kill -TERM -$g; n=0; while kill -0 -$g && [ $n -lt 20 ]; do sleep 0.1; n=$((n+1)); done;"
                + " kill -KILL -$g; exit 0' >/dev/null 2>&1", ExecRun.killCommand(false, 4242));
        assertTrue(ExecRun.killCommand(true, 7).startsWith("sudo -n sh -c 'read -r _ _ _ _ g _ < /proc/7/stat"));
    }

    @Test
    void recognisesSudoAskingForAPassword() {
        assertTrue(SshTransport.sudoWantsPassword(1, "", "sudo: a password is required\n"));
        assertFalse(SshTransport.sudoWantsPassword(1, "", "sysctl: permission denied\n"));
        assertFalse(SshTransport.sudoWantsPassword(1, "output", "sudo: a password is required\n"));
        assertFalse(SshTransport.sudoWantsPassword(0, "", "sudo: a password is required\n"));
    }

    @Test
    void durationsReadLikePeopleWriteThem() {
        assertEquals("250ms", SshTransport.human(Duration.ofMillis(250)));
        assertEquals("30s", SshTransport.human(Duration.ofSeconds(30)));
        assertEquals("1.5s", SshTransport.human(Duration.ofMillis(1500)));
    }

    @Test
    void expandsTildeOnly() {
        String home = System.getProperty("user.home");
        assertEquals(Path.of(home, ".ssh/id_ed25519"), SshTransport.expandHome(Path.of("~/.ssh/id_ed25519")));
        assertEquals(Path.of("/etc/~x"), SshTransport.expandHome(Path.of("/etc/~x")));
        assertEquals(Path.of("~other/key"), SshTransport.expandHome(Path.of("~other/key")));
    }

    @Test
    void fingerprintIsOpenSshSha256() {
        // sha256("") base64 without padding, as ssh-keygen -l prints it.
        assertEquals("SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU", KnownHostsVerifier.fingerprint(new byte[0]));
    }

    @Test
    void targetDescribesAndKnowsPrivilege() {
        SshTarget tuner = new SshTarget("web-1", "127.0.0.1", 22001, "tuner", null, Path.of("kh"), true);
        assertEquals("web-1 (127.0.0.1:22001)", tuner.describe());
        assertTrue(tuner.privileged());
        assertTrue(tuner.needsSudo());
        SshTarget root = new SshTarget("web-1", "h", 22, "root", null, Path.of("kh"), true);
        assertTrue(root.privileged());
        assertFalse(root.needsSudo());
        assertFalse(new SshTarget("w", "h", 22, "tuner", null, Path.of("kh"), false).privileged());
        assertThrows(IllegalArgumentException.class, () -> new SshTarget("w", "h", 0, "u", null, Path.of("kh"), false));
    }

    @Test
    void aStoppedScriptsLastLineIsShownBoundedAndWithoutControlCharacters() {
        assertEquals("", ExecRun.lastLine(""));
        assertEquals("", ExecRun.lastLine("\n\n"));
        assertEquals(" (the last line it printed: '@@netune applied nic-boot-unit ok')",
                ExecRun.lastLine("@@netune nic eth0\n@@netune applied nic-boot-unit ok\n\n"));
        assertEquals(" (the last line it printed: 'a?[2Jb')", ExecRun.lastLine("a\u001b[2Jb"));
        String shown = ExecRun.lastLine("x".repeat(1000));
        assertEquals(" (the last line it printed: '" + "x".repeat(160) + "...')", shown);
    }
}
