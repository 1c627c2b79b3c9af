package dev.netune.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.KeyPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KnownHostsVerifierTest {
    private static final String HOST = "[127.0.0.1]:2203";
    private static final String ED25519_LINE = HOST
            + " ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\n";

    @TempDir
    Path tmp;

    /** {@code own}: the user's own known_hosts, the only file keys may be added to. */
    private static SshOptions options(boolean acceptNew, Path own) {
        return new SshOptions(Duration.ofSeconds(5), acceptNew, own);
    }

    private static byte[] newRsaKey() throws Exception {
        return KeyPair.genKeyPair(new JSch(), KeyPair.RSA, 2048).getPublicKeyBlob();
    }

    @Test
    void aKnownHostOfferingAnotherKeyTypeIsRefusedEvenWithAcceptNew() throws Exception {
        Path file = Files.writeString(tmp.resolve("known_hosts"), ED25519_LINE);
        for (boolean acceptNew : new boolean[] {false, true}) {
            KnownHostsVerifier v = KnownHostsVerifier.load(file, options(acceptNew, file));
            assertEquals(HostKeyRepository.NOT_INCLUDED, v.check(HOST, newRsaKey()));
            assertEquals(KnownHostsVerifier.Outcome.OTHER_TYPE_KNOWN, v.outcome());
        }
        assertEquals(ED25519_LINE, Files.readString(file), "nothing added");
    }

    @Test
    void anUnknownHostIsAddedOnlyWithAcceptNew() throws Exception {
        Path file = Files.writeString(tmp.resolve("known_hosts"), ED25519_LINE);
        byte[] key = newRsaKey();
        KnownHostsVerifier strict = KnownHostsVerifier.load(file, options(false, file));
        assertEquals(HostKeyRepository.NOT_INCLUDED, strict.check("[127.0.0.1]:2204", key));
        assertEquals(KnownHostsVerifier.Outcome.UNKNOWN, strict.outcome());
        KnownHostsVerifier acceptNew = KnownHostsVerifier.load(file, options(true, file));
        assertEquals(HostKeyRepository.OK, acceptNew.check("[127.0.0.1]:2204", key));
        assertEquals(KnownHostsVerifier.Outcome.ADDED, acceptNew.outcome());
        assertEquals(HostKeyRepository.OK, KnownHostsVerifier.load(file, options(false, file)).check("[127.0.0.1]:2204", key));
    }

    // ---- only the user's own known_hosts is ever written (issue #19) ----

    private static final String AUTHORIZED_KEYS =
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl me@laptop\n";

    @Test
    void theAttackAnInventoryNamingAuthorizedKeysAndAHostCalledCertAuthorityWritesNothing() throws Exception {
        // knownHosts: <home>/.ssh/authorized_keys in the inventory, address cert-authority reached
        // through the attacker's bastion, and the user passes --accept-new-host-keys
        Path authorizedKeys = Files.writeString(tmp.resolve("authorized_keys"), AUTHORIZED_KEYS);
        Path own = tmp.resolve("known_hosts");
        KnownHostsVerifier v = KnownHostsVerifier.load(authorizedKeys, options(true, own));
        assertEquals(HostKeyRepository.NOT_INCLUDED, v.check("cert-authority", newRsaKey()));
        assertEquals(KnownHostsVerifier.Outcome.ADD_FAILED, v.outcome());
        assertEquals(AUTHORIZED_KEYS, Files.readString(authorizedKeys), "authorized_keys untouched");
        assertFalse(Files.exists(own), "nothing recorded elsewhere either");
    }

    @Test
    void aKnownHostsFileTheInventoryNamesIsReadButNeverWritten() throws Exception {
        Path inventoryFile = Files.writeString(tmp.resolve("fleet_known_hosts"), ED25519_LINE);
        Path own = tmp.resolve("own_known_hosts");
        KnownHostsVerifier v = KnownHostsVerifier.load(inventoryFile, options(true, own));
        assertEquals(HostKeyRepository.NOT_INCLUDED, v.check("[127.0.0.1]:2204", newRsaKey()));
        assertEquals(KnownHostsVerifier.Outcome.ADD_FAILED, v.outcome());
        assertTrue(v.addFailure().contains("netune only reads such files"), v.addFailure());
        assertTrue(v.addFailure().contains(own.toString()), v.addFailure());
        assertEquals(ED25519_LINE, Files.readString(inventoryFile));
        assertFalse(Files.exists(own));
        // and its entries still verify
        byte[] known = java.util.Base64.getDecoder().decode(ED25519_LINE.strip().split(" ")[2]);
        KnownHostsVerifier strict = KnownHostsVerifier.load(inventoryFile, options(true, own));
        assertEquals(HostKeyRepository.OK, strict.check(HOST, known));
        assertEquals(KnownHostsVerifier.Outcome.KNOWN, strict.outcome());
    }

    @Test
    void theUsersOwnFileIsNotWrittenWhenItIsNotAKnownHostsFile() throws Exception {
        // --known-hosts ~/.ssh/authorized_keys by mistake, or a symlink swapped in
        for (String content : new String[] {AUTHORIZED_KEYS, "cert-authority " + AUTHORIZED_KEYS,
                "root:$6$salt$hash:19000:0:99999:7:::\n", ED25519_LINE + "export TOKEN=s3cret\n"}) {
            Path own = Files.writeString(tmp.resolve("own"), content);
            KnownHostsVerifier v = KnownHostsVerifier.load(own, options(true, own));
            assertEquals(HostKeyRepository.NOT_INCLUDED, v.check("[127.0.0.1]:2204", newRsaKey()));
            assertEquals(KnownHostsVerifier.Outcome.ADD_FAILED, v.outcome(), content);
            assertTrue(v.addFailure().contains("does not read as a known_hosts file"), v.addFailure());
            assertFalse(v.addFailure().contains("s3cret") || v.addFailure().contains("$6$"), v.addFailure());
            assertEquals(content, Files.readString(own));
        }
    }

    @Test
    void aHostNameThatIsAKeyOptionOrMarkerIsNeverWritten() throws Exception {
        Path own = Files.writeString(tmp.resolve("known_hosts"), ED25519_LINE);
        for (String host : new String[] {"cert-authority", "RESTRICT", "@revoked", "a b", "a,b", "-oProxy", "[x y]:22"}) {
            KnownHostsVerifier v = KnownHostsVerifier.load(own, options(true, own));
            assertEquals(HostKeyRepository.NOT_INCLUDED, v.check(host, newRsaKey()), host);
            assertEquals(KnownHostsVerifier.Outcome.ADD_FAILED, v.outcome(), host);
        }
        assertEquals(ED25519_LINE, Files.readString(own));
    }

    @Test
    void anEmptyOrMissingOwnFileIsWritten() throws Exception {
        Path missing = tmp.resolve("new/known_hosts");
        Path empty = Files.writeString(tmp.resolve("empty"), "");
        for (Path own : new Path[] {missing, empty}) {
            KnownHostsVerifier v = KnownHostsVerifier.load(own, options(true, own));
            assertEquals(HostKeyRepository.OK, v.check("[127.0.0.1]:2204", newRsaKey()));
            assertEquals(KnownHostsVerifier.Outcome.ADDED, v.outcome());
            assertTrue(Files.readString(own).startsWith("[127.0.0.1]:2204 ssh-rsa "), Files.readString(own));
        }
    }
}
