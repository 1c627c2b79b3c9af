package dev.netune.testhost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/** Checks that the QEMU test host offers what the kernel tests rely on. */
@Tag("kernel")
@ExtendWith(KernelHostExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QemuGuestIT {

    @Test
    @Order(1)
    void sshUsesBuildTimeHostKeyAndKernelIsReal(QemuGuest guest) {
        assertEquals("127.0.0.1", guest.address());
        assertTrue(guest.sshBannerSeen());
        String uname = guest.run("uname -r").stdoutOrThrow().trim();
        assertTrue(uname.endsWith("-amd64"), uname);
        String hostname = guest.run("hostname").stdoutOrThrow().trim();
        assertEquals("netune-guest", hostname);
        // Management NIC is mgmt0; names are pinned by MAC.
        String links = guest.run("ip -br link").stdoutOrThrow();
        assertTrue(links.contains("mgmt0"), links);
        assertTrue(links.contains("eth0"), links);
        assertTrue(links.contains("eth1"), links);
        assertTrue(guest.run("cat /sys/class/net/mgmt0/address").stdoutOrThrow().contains("52:54:00:12:34:01"));
        assertTrue(guest.run("cat /sys/class/net/eth0/address").stdoutOrThrow().contains("52:54:00:12:34:02"));
        assertTrue(guest.run("cat /sys/class/net/eth1/address").stdoutOrThrow().contains("52:54:00:12:34:03"));
    }

    @Test
    @Order(2)
    void e1000eOnEth0(QemuGuest guest) {
        String info = guest.run("ethtool -i eth0").stdoutOrThrow();
        assertTrue(info.contains("driver: e1000e"), info);
        String rings = guest.run("ethtool -g eth0").stdoutOrThrow();
        Matcher m = Pattern.compile("(?s)Pre-set maximums:.*?RX:\\s+(\\d+)").matcher(rings);
        assertTrue(m.find(), rings);
        assertEquals("4096", m.group(1), rings);
    }

    @Test
    @Order(3)
    void multiqueueVirtioOnEth1(QemuGuest guest) {
        String info = guest.run("ethtool -i eth1").stdoutOrThrow();
        assertTrue(info.contains("driver: virtio_net"), info);
        String channels = guest.run("ethtool -l eth1").stdoutOrThrow();
        Matcher m = Pattern.compile("(?s)Pre-set maximums:.*?Combined:\\s+(\\d+)").matcher(channels);
        assertTrue(m.find(), channels);
        assertEquals("4", m.group(1), channels);
        guest.run("ethtool -L eth1 combined 2").stdoutOrThrow();
        String after = guest.run("ethtool -l eth1").stdoutOrThrow();
        Matcher cur = Pattern.compile("(?s)Current hardware settings:.*?Combined:\\s+(\\d+)").matcher(after);
        assertTrue(cur.find(), after);
        assertEquals("2", cur.group(1), after);
    }

    @Test
    @Order(4)
    void interruptsAreNamedPerQueue(QemuGuest guest) {
        String irqs = guest.run("cat /proc/interrupts").stdoutOrThrow();
        assertTrue(irqs.contains("eth0-rx-0"), irqs);
        assertTrue(irqs.contains("eth0-tx-0"), irqs);
        String virtioDev = guest.run("basename $(readlink -f /sys/class/net/eth1/device)").stdoutOrThrow().trim();
        assertTrue(virtioDev.matches("virtio\\d+"), virtioDev);
        for (int q = 0; q < 4; q++) {
            assertTrue(irqs.contains(virtioDev + "-input." + q), virtioDev + "-input." + q + " missing:\n" + irqs);
            assertTrue(irqs.contains(virtioDev + "-output." + q), virtioDev + "-output." + q + " missing:\n" + irqs);
        }
        String msi = guest.run("ls /sys/class/net/eth1/device/../msi_irqs").stdoutOrThrow();
        assertTrue(msi.trim().split("\\s+").length >= 9, msi);
    }

    @Test
    @Order(5)
    void irqbalanceAndSudo(QemuGuest guest) {
        QemuGuest.Result irqbalance = guest.run("systemctl is-active irqbalance");
        String state = irqbalance.stdout().trim();
        assertTrue(state.equals("active") || state.equals("inactive") || state.equals("failed"), irqbalance.toString());
        assertTrue(guest.run("systemctl is-enabled irqbalance").stdout().contains("enabled"));
        QemuGuest.Result sudo = guest.runAs(QemuGuest.USER, "id -un && sudo -n true && sudo -n id -u", Duration.ofMinutes(1));
        assertTrue(sudo.ok(), sudo.toString());
        assertEquals("tuner\n0", sudo.stdout().trim());
        // root login is key-only: password authentication is off
        String sshd = guest.run("sshd -T | grep -E '^(passwordauthentication|permitrootlogin) '").stdoutOrThrow();
        assertTrue(sshd.contains("passwordauthentication no"), sshd);
        assertTrue(sshd.contains("permitrootlogin without-password") || sshd.contains("permitrootlogin prohibit-password"), sshd);
    }

    @Test
    @Order(6)
    void fileSurvivesReboot(QemuGuest guest) {
        String marker = "netune-" + System.nanoTime();
        guest.run("echo " + marker + " > /root/reboot-marker && sync").stdoutOrThrow();
        String bootBefore = guest.run("cat /proc/sys/kernel/random/boot_id").stdoutOrThrow().trim();
        guest.reboot();
        String bootAfter = guest.run("cat /proc/sys/kernel/random/boot_id").stdoutOrThrow().trim();
        assertNotEquals(bootBefore, bootAfter);
        assertEquals(marker, guest.run("cat /root/reboot-marker").stdoutOrThrow().trim());
        // the NIC layout comes back the same way
        assertTrue(guest.run("ethtool -i eth0").stdoutOrThrow().contains("driver: e1000e"));
        assertTrue(guest.run("ip -br link show mgmt0").ok());
    }
}
