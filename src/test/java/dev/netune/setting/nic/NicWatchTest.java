package dev.netune.setting.nic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netune.transport.Shell;
import dev.netune.transport.ShellScript;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The link-up watcher of the restore library, fed real {@code ip -o monitor link} lines (systemctl
 * and the flags read stubbed): a NIC's unit starts when its UP flag turns on, not again for carrier
 * changes, and again after the NIC was deleted and re-created.
 */
class NicWatchTest {
    @TempDir
    Path run;

    @Test
    void theUnitStartsWhenTheUpFlagTurnsOnOnly() throws Exception {
        String lines = String.join("\n",
                "3: eth0: <BROADCAST,MULTICAST> mtu 1500 qdisc fq_codel state DOWN mode DEFAULT group default qlen 1000\\"
                        + "    link/ether 52:54:00:12:34:02 brd ff:ff:ff:ff:ff:ff",
                "3: eth0: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc fq_codel state DOWN",
                "3: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP",
                "Deleted 3: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500",
                "7: veth0@if6: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500",
                "8: $(id): <UP> mtu 1",
                "9: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP");
        String script = ShellScript.library("nic-restore")
                + "NETUNE_RUN=" + Shell.quote(run.toString()) + "\nmkdir -p \"$NETUNE_RUN/link\" \"$NETUNE_RUN/event\"\n"
                + "systemctl() { n=${3#netune-nic@}; n=${n%.service}; echo \"start $3 $(cat \"$NETUNE_RUN/event/$n\")\"; }\n"
                + "sleep() { :; }\nnetune_is_up() { return 1; }\n"
                + "printf '%s\\n' " + Shell.quote(lines) + " | netune_watch_lines\n";
        Process p = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = p.getInputStream()) {
            in.transferTo(out);
        }
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        // the event file tells the unit why it runs
        assertEquals("start netune-nic@eth0.service link-up\nstart netune-nic@veth0.service link-up\n"
                + "start netune-nic@eth0.service link-up\n", out.toString(StandardCharsets.UTF_8));
    }
}
