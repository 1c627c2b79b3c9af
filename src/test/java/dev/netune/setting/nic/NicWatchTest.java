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
 * The link watcher of the restore library, fed real {@code ip -o monitor link} lines (systemctl
 * and the flags read stubbed): a NIC's unit starts when its UP flag turns on (link-up), when the
 * carrier comes up on a link already up (carrier-up), and again after the NIC was deleted and
 * re-created. Then the restore itself, with ethtool stubbed: what each event runs.
 */
class NicWatchTest {
    @TempDir
    Path run;

    @Test
    void theUnitStartsWhenTheUpFlagTurnsOnAndWhenTheCarrierComesUpLater() throws Exception {
        String lines = String.join("\n",
                "3: eth0: <BROADCAST,MULTICAST> mtu 1500 qdisc fq_codel state DOWN mode DEFAULT group default qlen 1000\\"
                        + "    link/ether 52:54:00:12:34:02 brd ff:ff:ff:ff:ff:ff",
                "3: eth0: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc fq_codel state DOWN",
                "3: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP",
                "Deleted 3: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500",
                "7: veth0@if6: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500",
                "8: $(id): <UP> mtu 1",
                "9: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP",
                "9: eth0: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc fq_codel state DOWN",
                "9: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP");
        String script = ShellScript.library("nic-restore")
                + "NETUNE_RUN=" + Shell.quote(run.toString()) + "\nmkdir -p \"$NETUNE_RUN/link\" \"$NETUNE_RUN/event\"\n"
                + "systemctl() { n=${3#netune-nic@}; n=${n%.service}; echo \"start $3 $(cat \"$NETUNE_RUN/event/$n\")\"; rm \"$NETUNE_RUN/event/$n\"; }\n"
                + "sleep() { :; }\nnetune_is_up() { return 1; }\n"
                + "printf '%s\\n' " + Shell.quote(lines) + " | netune_watch_lines\n";
        // the event file tells the unit (which takes it) why it runs; the carrier coming up on an up link is carrier-up
        assertEquals("start netune-nic@eth0.service link-up\nstart netune-nic@eth0.service carrier-up\n"
                + "start netune-nic@veth0.service link-up\n"
                + "start netune-nic@eth0.service link-up\nstart netune-nic@eth0.service carrier-up\n", sh(script));
    }

    @Test
    void aCarrierUpWhileALinkUpIsPendingLeavesTheLinkUpWhichCoversBoth() throws Exception {
        String script = ShellScript.library("nic-restore")
                + "NETUNE_RUN=" + Shell.quote(run.toString()) + "\nmkdir -p \"$NETUNE_RUN/link\" \"$NETUNE_RUN/event\"\n"
                + "systemctl() { :; }\n"
                + "netune_link eth0 1 0; netune_link eth0 1 1; cat \"$NETUNE_RUN/event/eth0\"\n";
        assertEquals("link-up\n", sh(script));
    }

    @Test
    void carrierUpSetsOnlyForcedFlowControlAgainAndNotTwiceWithinTheGap() throws Exception {
        String restore = NicScriptSamples.withItsLibrary(NicScriptSamples.restoreScript())
                .replace("netune_main \"$@\"\n", "");
        String script = restore
                + "NETUNE_RUN=" + Shell.quote(run.resolve("run").toString()) + "\nNETUNE_RECORDS="
                + Shell.quote(run.resolve("records").toString()) + "\nmkdir -p \"$NETUNE_RUN/event\"\n"
                + "ethtool() { echo \"ethtool $*\" >> \"$NETUNE_RUN/calls\"; }\nlogger() { echo \"logger $*\"; }\nnetune_is_up() { return 0; }\n"
                + "systemctl() { echo running; }\n"
                // eth0 is the NIC the plan resolved (the sample has no MAC to compare); the host lock is the test's
                + "NETUNE_NIC=eth0\nNETUNE_LOCK=\"$NETUNE_RUN/lock\"\n"
                // an apply holding the lock: it sets flow control itself, the script installed now is the old one
                + "( flock -x 9; netune_restore_at carrier-up ) 9>>\"$NETUNE_LOCK\"\n"
                // a NIC with no flow control to set: nothing to stand aside from, nothing logged
                + "( flock -x 9; NETUNE_NIC=eth7; netune_restore_at carrier-up ) 9>>\"$NETUNE_LOCK\"\n"
                + "echo carrier-up > \"$NETUNE_RUN/event/eth0\"; netune_restore_at \"$(netune_take_event)\"\n"
                + "echo second; netune_restore_at carrier-up; cat \"$NETUNE_RECORDS/eth0\" | sed -n '1,2p;4p'\n"
                + "ls \"$NETUNE_RUN/event\"; cat \"$NETUNE_RUN/calls\"\n";
        // the event taken, one ethtool call: flow control only, once
        assertEquals("logger -t netune -- eth0: carrier up while netune applies (it holds " + run.resolve("run/lock")
                + "): flow control is the apply's to set\n" + """
                logger -t netune -- eth0: flow control set again at carrier-up
                second
                logger -t netune -- eth0: not restored at carrier-up: pause: carrier came up again within 10 s of the last re-apply: not written again
                restored=no
                event=carrier-up
                reason=pause: carrier came up again within 10 s of the last re-apply: not written again
                ethtool -A eth0 rx off tx off
                """, sh(script));
    }

    private static String sh(String script) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = p.getInputStream()) {
            in.transferTo(out);
        }
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return out.toString(StandardCharsets.UTF_8);
    }
}
