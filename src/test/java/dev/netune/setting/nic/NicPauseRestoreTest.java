package dev.netune.setting.nic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.netune.transport.ShellScript;
import dev.netune.transport.Shell;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Forced flow control in the restore library: e1000e and igb resolve pause again when the carrier
 * comes up, so the restore writes it only once the carrier is up (ethtool, the carrier and the
 * clock stubbed; the guest's reboot in NicRssPauseIT is the real case).
 */
class NicPauseRestoreTest {
    @TempDir
    Path dir;

    /** Runs the library with the stubs and {@code body}; returns what it printed. */
    private String run(String stubs, String body) throws Exception {
        String script = ShellScript.library("nic-restore") + "NETUNE_NIC=eth0\n"
                // the library keeps ethtool's output for its error text: the stub writes to the test's fd 3
                + "exec 3>&1\nethtool() { echo \"ethtool $* (carrier polls: $polls)\" >&3; }\n"
                + "sleep() { :; }\nnetune_is_up() { return 0; }\n" + stubs + body;
        Path out = Files.createTempFile(dir, "out", ".txt");
        Process p = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("the wait did not end: " + Files.readString(out));
        }
        return Files.readString(out);
    }

    @Test
    void pauseIsWrittenOnceTheCarrierComesUp() throws Exception {
        // the carrier comes up at the third look
        String out = run("polls=0\nnetune_carrier() { polls=$((polls + 1)); [ \"$polls\" -ge 3 ]; }\n",
                "netune_pause autoneg off rx off tx off\necho \"notes=$NETUNE_NOTES failed=$NETUNE_FAILED\"\n");
        assertEquals("ethtool -A eth0 autoneg off rx off tx off (carrier polls: 4)\nnotes= failed=\n", out);
    }

    @Test
    void aNicWithoutCarrierIsWrittenAtTheDeadlineWithANote() throws Exception {
        // the clock advances 5 s per look: the 15 s wait ends without a carrier
        String out = run("polls=0\nnetune_carrier() { polls=$((polls + 1)); return 1; }\n"
                        // a file, as the library reads the clock in a command substitution (a subshell)
                        + "echo 1000 > " + Shell.quote(dir.resolve("clock").toString()) + "\n"
                        + "date() { t=$(($(cat " + Shell.quote(dir.resolve("clock").toString()) + ") + 5)); echo \"$t\" > "
                        + Shell.quote(dir.resolve("clock").toString()) + "; echo \"$t\"; }\n",
                "netune_pause rx off\necho \"notes=$NETUNE_NOTES\"\n");
        assertTrue(out.startsWith("ethtool -A eth0 rx off"), out);
        assertTrue(out.contains("notes=pause written with no carrier after 15 s: the driver may resolve it again"
                + " when the carrier comes up"), out);
    }

    @Test
    void aNicAdministrativelyDownIsWrittenAtOnce() throws Exception {
        // its unit runs again at link-up (the watcher), when the wait is worth it
        String out = run("polls=0\nnetune_carrier() { polls=$((polls + 1)); return 1; }\nnetune_is_up() { return 1; }\n",
                "netune_pause rx on\n");
        assertEquals("ethtool -A eth0 rx on (carrier polls: 0)\n", out);
    }
}
