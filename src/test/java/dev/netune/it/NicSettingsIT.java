package dev.netune.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netune.testhost.Cli;
import dev.netune.testhost.KernelHostExtension;
import dev.netune.testhost.QemuGuest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Rings, channels, coalescing, offloads and MTU on the guest's real e1000e and virtio_net NICs. */
@Tag("kernel")
@ExtendWith(KernelHostExtension.class)
class NicSettingsIT {
    @TempDir
    Path dir;
    QemuGuest guest;

    @BeforeEach
    void defaults(QemuGuest guest) {
        this.guest = guest;
        resetNics();
    }

    @AfterEach
    void restore() {
        resetNics();
    }

    private void resetNics() {
        guest.run(NicHooks.REMOVE + ";"
                + " ethtool -G eth0 rx 256 tx 256; ethtool -C eth0 rx-usecs 3; ethtool -K eth0 gro on;"
                + " ip link set dev eth0 mtu 1500; ethtool -L eth1 combined 2; true").stdoutOrThrow();
    }

    private String ethtool(String args) {
        return guest.run("ethtool " + args).stdoutOrThrow();
    }

    private static String current(String ethtoolOutput, String label) {
        String cur = ethtoolOutput.substring(ethtoolOutput.indexOf("Current hardware settings"));
        Matcher m = Pattern.compile("(?m)^" + label + ":\\s+(\\S+)").matcher(cur);
        assertTrue(m.find(), ethtoolOutput);
        return m.group(1);
    }

    @Test
    void nicSettingsArePlannedAppliedVerifiedAndPersistedAcrossReboot() throws Exception {
        Files.writeString(dir.resolve("nics.yaml"), """
                nics:
                  - match: {name: "eth*", driver: e1000e}
                    ring: {rx: 4096, tx: max}
                    coalesce: {rx-usecs: 50}
                    offload: {gro: off}
                    mtu: 9000
                  - match: {driver: virtio_net}
                    exclude: {name: mgmt0}
                    channels: {combined: 3}
                """);
        Path inv = GuestInventory.write(dir, guest, "nics.yaml", true);

        Cli.Result plan = Cli.run("plan", "-i", inv.toString());
        assertEquals(0, plan.exit(), plan::toString);
        String out = plan.out();
        assertTrue(out.contains("~ nic.channels eth1 combined: 2 -> 3"), out);
        assertTrue(out.contains("~ nic.ring eth0 rx: 256 -> 4096"), out);
        assertTrue(out.contains("~ nic.ring eth0 tx: 256 -> 4096  (max of eth0)"), "max resolved per NIC: " + out);
        assertTrue(out.contains("~ nic.coalesce eth0 rx-usecs: 3 -> 50"), out);
        assertTrue(out.contains("~ nic.offload eth0 gro: on -> off"), out);
        assertTrue(out.contains("~ nic.mtu eth0 mtu: 1500 -> 9000"), out);
        assertTrue(out.contains("reset the link on most drivers"), out);
        // (the restore script in the plan names mgmt0 in the rule's exclude: only changes count here)
        assertTrue(!out.matches("(?s).*[~+] nic\\.\\S+ mgmt0.*"), "the SSH NIC is excluded: " + out);
        assertTrue(out.contains("+ nic-boot-script /etc/netune/nic-settings.sh"), out);
        // the library is one line: its digest and length, not its functions
        assertTrue(out.matches("(?s).*\\+ nic-boot-library /etc/netune/lib/nic-restore\\.sh: absent -> sha256 [0-9a-f]{12}, \\d+ lines.*"),
                out);
        assertTrue(!out.contains("netune_restore()") && out.contains("+ netune_settings() {"), out);

        Cli.Result apply = Cli.run("apply", "-i", inv.toString(), "--yes");
        assertEquals(0, apply.exit(), apply::toString);
        assertEquals("3", current(ethtool("-l eth1"), "Combined"));
        assertEquals("4096", current(ethtool("-g eth0"), "RX"));
        assertEquals("4096", current(ethtool("-g eth0"), "TX"));
        assertTrue(ethtool("-c eth0").contains("rx-usecs: 50"));
        assertTrue(ethtool("-k eth0").contains("generic-receive-offload: off"));
        assertEquals("9000", guest.run("cat /sys/class/net/eth0/mtu").stdoutOrThrow().strip());

        Cli.Result again = Cli.run("plan", "-i", inv.toString(), "--detailed-exitcode");
        assertEquals(0, again.exit(), "second plan is empty: " + again);

        guest.reboot();
        assertEquals("4096", current(ethtool("-g eth0"), "RX"), "restored at boot by netune-nic.service");
        assertEquals("3", current(ethtool("-l eth1"), "Combined"));
        Cli.Result drift = Cli.run("drift", "-i", inv.toString());
        assertEquals(0, drift.exit(), drift::toString);
    }

    @Test
    void whatTheHardwareCannotDoIsAPlanErrorAndNothingIsApplied() throws Exception {
        Files.writeString(dir.resolve("bad.yaml"), """
                nics:
                  - match: {name: eth0}
                    ring: {rx: 8192}
                    channels: {combined: 2}
                    offload: {lro: on}
                    mtu: 9500
                    coalesce: {rx-frames: 8}
                  - match: {name: eth1}
                    channels: {rx: 2}
                    ring: {rx: 128}
                """);
        Path inv = GuestInventory.write(dir, guest, "bad.yaml", false);
        Cli.Result plan = Cli.run("plan", "-i", inv.toString());
        assertEquals(1, plan.exit(), plan::toString);
        String out = plan.out();
        assertTrue(out.contains("! nic.ring eth0 rx: ring rx 8192 is above the pre-set maximum 4096 of eth0 (e1000e)"), out);
        assertTrue(out.contains("! nic.channels eth0 combined: eth0 (e1000e) cannot change channels: netlink error:"
                + " Operation not supported"), out);
        assertTrue(out.contains("! nic.offload eth0 lro: offload lro of eth0 (e1000e) is fixed off by the driver [fixed]"), out);
        assertTrue(out.contains("! nic.mtu eth0 mtu: mtu 9500 is outside what eth0 (e1000e) allows (68..9212)"), out);
        assertTrue(out.contains("! nic.coalesce eth0 rx-frames: driver of eth0 (e1000e) does not support coalesce key"
                + " rx-frames; it supports: rx-usecs"), out);
        assertTrue(out.contains("! nic.channels eth1 rx: eth1 (virtio_net) has no rx channels; it has combined channels"
                + " (up to 4)"), out);

        Cli.Result apply = Cli.run("apply", "-i", inv.toString(), "--yes");
        assertEquals(1, apply.exit(), apply::toString);
        assertEquals("256", current(ethtool("-g eth1"), "RX"), "nothing applied, not even eth1's valid ring");
    }
}
