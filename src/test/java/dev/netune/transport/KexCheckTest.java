package dev.netune.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.Session;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The once-per-run key exchange check proposes exactly what JSch's per-connection check would. */
class KexCheckTest {
    private static Session session() throws Exception {
        return new JSch().getSession("root", "127.0.0.1", 22);
    }

    /** JSch's own check (private, run in every handshake): the exchanges it would drop. */
    private static String[] jschDrops(Session s) throws Exception {
        Method m = Session.class.getDeclaredMethod("checkKexes", String.class);
        m.setAccessible(true);
        String[] out = (String[]) m.invoke(s, s.getConfig("CheckKexes"));
        return out == null ? new String[0] : out;
    }

    private static String without(String list, String[] drop) {
        List<String> kept = new ArrayList<>(Arrays.asList(list.split(",")));
        kept.removeAll(Arrays.asList(drop));
        return String.join(",", kept);
    }

    @Test
    void theDefaultProposalIsWhatJschsOwnCheckLeaves() throws Exception {
        Session s = session();
        String expected = without(s.getConfig("kex"), jschDrops(s));
        KexCheck.apply(s);
        assertEquals(expected, s.getConfig("kex"));
        assertEquals("", s.getConfig("CheckKexes"), "JSch no longer checks in the handshake");
        assertArrayEquals(new String[0], jschDrops(s));
    }

    @Test
    void anExchangeThisJvmCannotRunIsDroppedAsJschDropsIt() throws Exception {
        Session s = session();
        s.setConfig("kex", "missing-kex@example.com,curve25519-sha256,ecdh-sha2-nistp256");
        s.setConfig("CheckKexes", "missing-kex@example.com,curve25519-sha256");
        s.setConfig("missing-kex@example.com", "com.example.NoSuchKeyExchange");
        assertArrayEquals(new String[] {"missing-kex@example.com"}, jschDrops(s));
        KexCheck.apply(s);
        assertEquals("curve25519-sha256,ecdh-sha2-nistp256", s.getConfig("kex"));
        // a second session gets the same answer from the once-per-run check
        Session t = session();
        t.setConfig("kex", "missing-kex@example.com,curve25519-sha256");
        t.setConfig("CheckKexes", "missing-kex@example.com");
        t.setConfig("missing-kex@example.com", "com.example.NoSuchKeyExchange");
        KexCheck.apply(t);
        assertEquals("curve25519-sha256", t.getConfig("kex"));
    }

    @Test
    void whenNothingWouldBeLeftJschKeepsItsCheckAndItsOwnError() throws Exception {
        Session s = session();
        s.setConfig("kex", "missing-kex@example.com");
        s.setConfig("CheckKexes", "missing-kex@example.com");
        s.setConfig("missing-kex@example.com", "com.example.NoSuchKeyExchange");
        KexCheck.apply(s);
        assertEquals("missing-kex@example.com", s.getConfig("kex"));
        assertEquals("missing-kex@example.com", s.getConfig("CheckKexes"));
    }
}
