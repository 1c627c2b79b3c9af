package dev.netune.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A known_hosts lookup finds exactly what a scan of every line finds, without scanning the literal lines. */
class KnownHostsFileIndexTest {
    private static final String KEY = Base64.getEncoder().encodeToString(
            new byte[] {0, 0, 0, 11, 's', 's', 'h', '-', 'e', 'd', '2', '5', '5', '1', '9', 0, 0, 0, 1, 7});

    private static String line(String hosts) {
        return hosts + " ssh-ed25519 " + KEY + "\n";
    }

    /** A fleet's file: a literal line per host, mixed with the lines every lookup must still try. */
    private static KnownHostsFile fleet(int hosts) {
        StringBuilder s = new StringBuilder(line("*.example.com,!bad.example.com"));
        for (int i = 0; i < hosts; i++) {
            s.append(line("[10.0.0.1]:" + (20000 + i)));
            if (i == hosts / 2) {
                s.append(line("|1|c2FsdA==|aG1hYw==")).append(line("Web.Example.com,[db-?.example.org]:2200"))
                        .append(line("alias-a,10.0.0.2,alias-a"));
            }
        }
        s.append("@revoked ").append(line("[10.0.0.1]:20003"));
        return KnownHostsFile.parse(s.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    private static List<KnownHostsFile.Entry> scanned(KnownHostsFile f, String name) {
        return f.entries().stream().filter(e -> e.matches(name)).toList();
    }

    private static List<KnownHostsFile.Entry> indexed(KnownHostsFile f, String name) {
        return f.candidates(name).stream().filter(e -> e.matches(name)).toList();
    }

    @Test
    void candidatesMatchWhatAScanOfEveryLineMatchesInFileOrder() {
        KnownHostsFile f = fleet(40);
        for (String name : List.of("[10.0.0.1]:20003", "[10.0.0.1]:20039", "[10.0.0.1]:20040", "web.example.com",
                "WEB.EXAMPLE.COM", "bad.example.com", "[db-1.example.org]:2200", "db-1.example.org", "alias-a",
                "ALIAS-A", "10.0.0.2", "[10.0.0.2]:22", "10.0.0.1", "")) {
            assertEquals(scanned(f, name), indexed(f, name), name);
        }
        assertEquals(2, indexed(f, "[10.0.0.1]:20003").size(), "the host's line and its @revoked line");
    }

    @Test
    void aLookupSkipsTheOtherHostsLiteralLines() {
        KnownHostsFile f = fleet(10_000);
        // the host's own line, the wildcard, the hashed and the negated-pattern lines; not 10,000
        assertEquals(4, f.candidates("[10.0.0.1]:27777").size());
        assertEquals(3, f.candidates("unknown.example.net").size());
    }
}
