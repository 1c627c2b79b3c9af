package dev.netune.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.Session;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlgorithmsTest {
    private static Session session() throws Exception {
        return new JSch().getSession("root", "127.0.0.1", 22);
    }

    @Test
    void cheapestSecureChoicesComeFirst() throws Exception {
        Session s = session();
        Algorithms.prefer(s);
        assertTrue(s.getConfig("kex").startsWith("curve25519-sha256,"), s.getConfig("kex"));
        assertFalse(s.getConfig("kex").contains("sntrup") || s.getConfig("kex").contains("mlkem"), s.getConfig("kex"));
        List<String> hostKeys = List.of(s.getConfig("server_host_key").split(","));
        assertTrue(hostKeys.indexOf("ssh-ed25519") < hostKeys.indexOf("ecdsa-sha2-nistp256"), hostKeys.toString());
        assertEquals("yes", s.getConfig("prefer_known_host_key_types"), "known_hosts types still go first");
        assertTrue(s.getConfig("cipher.c2s").startsWith("aes128-gcm@openssh.com,"));
        assertEquals("", s.getConfig("CheckKexes"));
    }

    /**
     * The per-connection checks are off only because JSch's own check passes every offered
     * algorithm it would have checked (those of its default Check* lists) on this JVM.
     */
    @Test
    void everyOfferedAlgorithmPassesJschsAvailabilityCheck() throws Exception {
        Session s = session();
        for (String[] check : new String[][] {{"checkKexes", Algorithms.KEX, "CheckKexes"},
                {"checkCiphers", Algorithms.CIPHERS, "CheckCiphers"},
                {"checkSignatures", Algorithms.HOST_KEYS, "CheckSignatures"}}) {
            List<String> checked = List.of(JSch.getConfig(check[2]).split(","));
            String offered = String.join(",", Arrays.stream(check[1].split(",")).filter(checked::contains).toList());
            Method m = Session.class.getDeclaredMethod(check[0], String.class);
            m.setAccessible(true);
            String[] unavailable = (String[]) m.invoke(s, offered);
            assertTrue(unavailable == null || unavailable.length == 0, check[0] + ": " + Arrays.toString(unavailable));
        }
    }

    /** Ed25519 and X25519 run in Bouncy Castle, and give RFC 8032's answers and the JDK's. */
    @Test
    void curve25519RunsInBouncyCastleAndAgreesWithTheRfcAndTheJdk() throws Exception {
        assertEquals(List.of(), Curve25519Check.failures());
    }

    /** What the checks would have removed from JSch's defaults on this JVM is not offered. */
    @Test
    void nothingJschWouldDropIsOffered() throws Exception {
        Session s = session();
        Method m = Session.class.getDeclaredMethod("checkKexes", String.class);
        m.setAccessible(true);
        String[] dropped = (String[]) m.invoke(s, JSch.getConfig("CheckKexes"));
        for (String kex : dropped == null ? new String[0] : dropped) {
            assertFalse(List.of(Algorithms.KEX.split(",")).contains(kex), kex);
        }
    }
}
