package dev.netune.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The controller's name is gethostname(2)'s, as `uname -n` prints it (OpenSSH's %l), without a resolver lookup. */
class LocalHostNameTest {
    @Test
    void isTheKernelsHostNameAsUnamePrintsIt() throws Exception {
        Process p = new ProcessBuilder("uname", "-n").start();
        String uname = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        assertEquals(uname, LocalHostName.get());
    }
}
