package dev.netune.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KnownHostsFormatTest {
    private static final String KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl";

    @TempDir
    Path tmp;

    @Test
    void whatOpenSshWritesReadsAsKnownHosts() throws Exception {
        Path f = Files.writeString(tmp.resolve("kh"), "# fleet\n\n"
                + "web-1.example,10.0.0.5 " + KEY + "\n"
                + "[127.0.0.1]:2203 " + KEY + " a comment\n"
                + "|1|F1E1KeoE/eEWhi10WpGv4OdiO6Y=|3988QV0VE8wmZL7suNrYQLITLCg= " + KEY + "\n"
                + "@cert-authority *.example " + KEY + "\n"
                + "@revoked * " + KEY + "\n"
                + "*.example,!bad.example\t" + KEY);
        assertNull(KnownHostsFormat.problem(f));
        assertNull(KnownHostsFormat.problem(tmp.resolve("absent")));
    }

    @Test
    void otherFilesDoNot() throws Exception {
        String[][] cases = {
                {KEY + " me@laptop\n", "line 1"},                                   // authorized_keys
                {"cert-authority " + KEY + "\n", "line 1"},                         // authorized_keys option
                {"from=\"10.0.0.0/8\" " + KEY + "\n", "line 1"},
                {"web-1 " + KEY + "\nroot:$6$x$y:19000:0:99999:7:::\n", "line 2"},  // /etc/shadow
                {"web-1 ssh-rsa " + KEY.split(" ")[1] + "\n", "line 1"},            // blob of another type
                {"@cert web-1 " + KEY + "\n", "line 1"},
        };
        for (String[] c : cases) {
            Path f = Files.writeString(tmp.resolve("f"), c[0]);
            assertEquals(c[1] + " is not a known_hosts entry", KnownHostsFormat.problem(f), c[0]);
        }
        assertEquals("it is not a regular file", KnownHostsFormat.problem(tmp));
    }
}
