package dev.netune.fact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class SessionRouteTest {
    private static SessionRoute parse(String output) {
        return SessionRoute.parse(GatherOutput.split(output));
    }

    @Test
    void readsTheClientAndTheNicTheRouteToItUses() {
        SessionRoute r = parse("@@netune session\nclient=10.9.1.2\ndevice=vjumbo0\n");
        assertEquals(new SessionRoute(Optional.of("10.9.1.2"), Optional.of("vjumbo0")), r);
        assertTrue(r.mayCarry("vjumbo0"));
        assertFalse(r.mayCarry("eth0"));
        assertEquals("SSH client 10.9.1.2 via vjumbo0", r.toText());
    }

    @Test
    void anUnknownRouteMayBeAnyNicAndALocalRunNone() {
        SessionRoute unknown = parse("@@netune session\nclient=fe80::1\n");
        assertTrue(unknown.mayCarry("eth0") && unknown.mayCarry("eth1"), "safer to assume the session is on it");
        SessionRoute local = parse("@@netune session\n");
        assertEquals(SessionRoute.LOCAL, local);
        assertFalse(local.mayCarry("eth0"));
        assertEquals("not an SSH session", local.toText());
    }

    @Test
    void theScriptReadsOnlyTheFirstWordOfSshConnectionAndPassesItAsOneArgument() {
        String script = SessionRoute.SOURCE.script();
        assertTrue(script.contains("netune_client=${SSH_CONNECTION%% *}"), script);
        assertTrue(script.contains("ip -o route get \"$netune_client\""), script);
    }
}
