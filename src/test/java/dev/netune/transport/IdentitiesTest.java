package dev.netune.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jcraft.jsch.JSch;
import dev.netune.testhost.Require;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which keys are offered: every identity file in order, OpenSSH's defaults, passphrases. */
class IdentitiesTest {
    @TempDir
    Path tmp;

    @AfterEach
    void noPrompt() {
        Passphrases.install(null);
    }

    private Path key(String name, String passphrase) throws Exception {
        Path f = tmp.resolve(name);
        Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", passphrase, "-f", f.toString())
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        Require.that(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "ssh-keygen");
        return f;
    }

    private static SshTarget target(List<Path> files, boolean defaults) {
        return new SshTarget("web-1", "10.0.0.1", 22, "root", null, Path.of("/dev/null"), false, List.of(),
                new SshLogin(files, defaults, false, "none", null, List.of(), List.of(), false));
    }

    @Test
    void everyFileInOrderAndMissingDefaultsSkipped() throws Exception {
        Path a = key("a", "");
        Path b = key("b", "");
        Identities ids = Identities.load(new JSch(), target(List.of(tmp.resolve("id_rsa"), a, b), true), null);
        assertEquals(2, ids.repository().getIdentities().size());
        assertEquals("identity file " + a + " and identity file " + b, ids.offered());
        TransportException none = assertThrows(TransportException.class,
                () -> Identities.load(new JSch(), target(List.of(tmp.resolve("id_rsa")), true), null));
        assertTrue(none.getMessage().contains("none of OpenSSH's default keys exists"), none.getMessage());
        TransportException named = assertThrows(TransportException.class,
                () -> Identities.load(new JSch(), target(List.of(tmp.resolve("typo")), false), null));
        assertTrue(named.getMessage().contains("does not exist"), named.getMessage());
    }

    @Test
    void aPassphraseIsAskedOncePerKeyFileOnlyWhenInteractive() throws Exception {
        Path locked = key("locked", "s3cret pass");
        TransportException unattended = assertThrows(TransportException.class,
                () -> Identities.load(new JSch(), target(List.of(locked), false), null));
        assertTrue(unattended.getMessage().contains("load it into ssh-agent"), unattended.getMessage());

        AtomicInteger asked = new AtomicInteger();
        Passphrases.install(f -> {
            asked.incrementAndGet();
            return "s3cret pass".toCharArray();
        });
        for (int i = 0; i < 3; i++) { // three hosts with the same key
            Identities ids = Identities.load(new JSch(), target(List.of(locked), false), null);
            assertEquals(1, ids.repository().getIdentities().size());
            assertTrue(!ids.repository().getIdentities().get(0).isEncrypted(), "decrypted");
        }
        assertEquals(1, asked.get(), "asked once for the key file");
    }

    @Test
    void aWrongPassphraseIsAskedAgainThenRefused() throws Exception {
        Path locked = key("locked", "right");
        AtomicInteger asked = new AtomicInteger();
        Passphrases.install(f -> {
            asked.incrementAndGet();
            return "wrong".toCharArray();
        });
        TransportException e = assertThrows(TransportException.class,
                () -> Identities.load(new JSch(), target(List.of(locked), false), null));
        assertTrue(e.getMessage().contains("protected by a passphrase"), e.getMessage());
        assertEquals(3, asked.get());
        assertTrue(Files.exists(locked));
    }

    @Test
    void aLockedDefaultKeyIsSkippedForTheNextDefaultAsSshDoesUnattended() throws Exception {
        Path locked = key("id_rsa", "secret");
        Path open = key("id_ed25519", "");
        Identities ids = Identities.load(new JSch(), target(List.of(locked, open), true), null);
        assertEquals("identity file " + open, ids.offered());
        TransportException only = assertThrows(TransportException.class,
                () -> Identities.load(new JSch(), target(List.of(locked), true), null));
        assertTrue(only.getMessage().contains("load it into ssh-agent"), only.getMessage());
    }
}
