package dev.netune.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.KeyPair;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KnownHostsVerifierTest {
    private static final String HOST = "[127.0.0.1]:2203";
    private static final String ED25519_LINE = HOST
            + " ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\n";

    @TempDir
    Path tmp;

    private static byte[] newRsaKey() throws Exception {
        return KeyPair.genKeyPair(new JSch(), KeyPair.RSA, 2048).getPublicKeyBlob();
    }

    @Test
    void aKnownHostOfferingAnotherKeyTypeIsRefusedEvenWithAcceptNew() throws Exception {
        Path file = Files.writeString(tmp.resolve("known_hosts"), ED25519_LINE);
        for (boolean acceptNew : new boolean[] {false, true}) {
            KnownHostsVerifier v = KnownHostsVerifier.load(file, acceptNew);
            assertEquals(HostKeyRepository.NOT_INCLUDED, v.check(HOST, newRsaKey()));
            assertEquals(KnownHostsVerifier.Outcome.OTHER_TYPE_KNOWN, v.outcome());
        }
        assertEquals(ED25519_LINE, Files.readString(file), "nothing added");
    }

    @Test
    void anUnknownHostIsAddedOnlyWithAcceptNew() throws Exception {
        Path file = Files.writeString(tmp.resolve("known_hosts"), ED25519_LINE);
        byte[] key = newRsaKey();
        KnownHostsVerifier strict = KnownHostsVerifier.load(file, false);
        assertEquals(HostKeyRepository.NOT_INCLUDED, strict.check("[127.0.0.1]:2204", key));
        assertEquals(KnownHostsVerifier.Outcome.UNKNOWN, strict.outcome());
        KnownHostsVerifier acceptNew = KnownHostsVerifier.load(file, true);
        assertEquals(HostKeyRepository.OK, acceptNew.check("[127.0.0.1]:2204", key));
        assertEquals(KnownHostsVerifier.Outcome.ADDED, acceptNew.outcome());
        assertEquals(HostKeyRepository.OK, KnownHostsVerifier.load(file, false).check("[127.0.0.1]:2204", key));
    }
}
