package dev.netune.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.netune.testhost.Cli;
import dev.netune.testhost.KernelHostExtension;
import dev.netune.testhost.QemuGuest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Global sysctls and facts on a real kernel (the QEMU guest): what containers cannot test
 * without changing the machine running the tests.
 */
@Tag("kernel")
@ExtendWith(KernelHostExtension.class)
class KernelSysctlIT {
    @TempDir
    Path dir;

    /** The guest is shared by every kernel test class: leave it as found. */
    @org.junit.jupiter.api.AfterEach
    void restore(QemuGuest guest) {
        guest.run("rm -f /etc/sysctl.d/99-zz-netune.conf; echo 300 > /proc/sys/net/core/netdev_budget;"
                + " echo 8000 > /proc/sys/net/core/netdev_budget_usecs; sysctl -q -p /etc/sysctl.conf >/dev/null 2>&1;"
                + " true").stdoutOrThrow();
    }

    @Test
    void globalSysctlsAreAppliedVerifiedAndSurviveAReboot(QemuGuest guest) throws Exception {
        guest.run("rm -f /etc/sysctl.d/99-zz-netune.conf; echo 300 > /proc/sys/net/core/netdev_budget;"
                + " echo 8000 > /proc/sys/net/core/netdev_budget_usecs; echo 1048576 > /proc/sys/fs/file-max").stdoutOrThrow();
        Files.writeString(dir.resolve("budget.yaml"), """
                sysctl:
                  net.core.netdev_budget: 600
                  net.core.netdev_budget_usecs: 16000
                  fs.file-max: 2097152
                """);
        Path inv = GuestInventory.write(dir, guest, "budget.yaml", true);

        Cli.Result plan = Cli.run("plan", "-i", inv.toString());
        assertEquals(0, plan.exit(), plan::toString);
        assertTrue(plan.out().contains("~ sysctl net.core.netdev_budget: 300 -> 600  (global to the kernel"), plan::toString);
        assertTrue(plan.out().contains("~ sysctl fs.file-max: 1048576 -> 2097152"), plan::toString);

        Cli.Result apply = Cli.run("apply", "-i", inv.toString(), "--yes");
        assertEquals(0, apply.exit(), apply::toString);
        assertEquals("600", guest.run("cat /proc/sys/net/core/netdev_budget").stdoutOrThrow().strip());
        assertEquals("16000", guest.run("cat /proc/sys/net/core/netdev_budget_usecs").stdoutOrThrow().strip());
        assertEquals("2097152", guest.run("cat /proc/sys/fs/file-max").stdoutOrThrow().strip());

        guest.reboot();
        // read back without netune: systemd-sysctl loaded the file at boot
        assertEquals("600", guest.run("cat /proc/sys/net/core/netdev_budget").stdoutOrThrow().strip());
        Cli.Result drift = Cli.run("drift", "-i", inv.toString());
        assertEquals(0, drift.exit(), drift::toString);
        assertTrue(drift.out().contains("guest (127.0.0.1:" + guest.sshPort() + "): no changes"), drift::toString);
    }

    @Test
    void aValueTheKernelRefusesIsAFailedChangeWithTheKernelsReason(QemuGuest guest) throws Exception {
        // Debian's 6.1 kernel refuses netdev_budget_usecs below its default (8000 at HZ=250)
        guest.run("echo 8000 > /proc/sys/net/core/netdev_budget_usecs").stdoutOrThrow();
        Files.writeString(dir.resolve("low.yaml"), "sysctl:\n  net.core.netdev_budget_usecs: 2000\n");
        Path inv = GuestInventory.write(dir, guest, "low.yaml", false);
        Cli.Result apply = Cli.run("apply", "-i", inv.toString(), "--yes");
        assertEquals(1, apply.exit(), apply::toString);
        assertTrue(apply.out().contains("✗ sysctl net.core.netdev_budget_usecs = 8000: write failed: tee:"
                + " /proc/sys/net/core/netdev_budget_usecs: Invalid argument"), apply::toString);
        assertEquals("8000", guest.run("cat /proc/sys/net/core/netdev_budget_usecs").stdoutOrThrow().strip());
    }

    @Test
    void factsShowBothNicsFromRealEthtoolOutput(QemuGuest guest) throws Exception {
        Path inv = GuestInventory.write(dir, guest, "none.yaml", false);
        Cli.Result text = Cli.run("facts", "-i", inv.toString());
        assertEquals(0, text.exit(), text::toString);
        assertTrue(text.out().contains("eth0: driver e1000e"), text::toString);
        assertTrue(text.out().contains("eth1: driver virtio_net"), text::toString);
        assertTrue(text.out().contains("SSH client 10.0.2.2 via mgmt0"), "the NIC a change could cut netune off on: "
                + text);

        Cli.Result json = Cli.run("facts", "-i", inv.toString(), "--format", "json");
        assertEquals(0, json.exit(), json::toString);
        JsonNode nics = new ObjectMapper().readTree(json.out()).path("hosts").get(0).path("facts").path("nic").path("nics");
        JsonNode e1000e = nics.path("eth0");
        assertEquals("e1000e", e1000e.path("driver").path("driver").asText());
        assertEquals(4096, e1000e.path("rings").path("rxMax").asInt());
        assertTrue(e1000e.path("rings").path("rx").asInt() > 0);
        assertTrue(e1000e.path("channels").path("error").asText().contains("Operation not supported"));
        assertTrue(e1000e.path("coalesce").path("settings").has("rx-usecs"));
        assertEquals(2, countQueueIrqs(e1000e), "eth0-rx-0 and eth0-tx-0");

        JsonNode virtio = nics.path("eth1");
        assertEquals("virtio_net", virtio.path("driver").path("driver").asText());
        assertEquals(4, virtio.path("channels").path("combinedMax").asInt());
        assertTrue(virtio.path("channels").path("combined").asInt() >= 1);
        assertEquals(8, countQueueIrqs(virtio), "virtioN-input.0..3 and output.0..3");
        assertTrue(virtio.path("queueIrqs").get(0).path("name").asText().matches("virtio\\d+-input\\.0"),
                virtio.path("queueIrqs").toString());
    }

    private static int countQueueIrqs(JsonNode nic) {
        return nic.path("queueIrqs").size();
    }
}
