package dev.netune.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netune.testhost.Cli;
import dev.netune.testhost.SshdContainer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Floors, cross-key rules and listening-port overlap against a real sshd container, with the
 * per-network-namespace net.ipv4 and net.core.somaxconn keys only (the machine running the tests is
 * never changed). The container sees the test machine's kernel, so tcp_rmem's default max is that
 * kernel's (33554432 on 6.16 and later).
 */
class SysctlBoundsIT {
    @RegisterExtension
    static final SshdContainer HOST = new SshdContainer();

    @TempDir
    Path dir;

    @BeforeEach
    void freshHost() {
        HOST.sh("echo 4096 > /proc/sys/net/core/somaxconn; printf '32768\\t60999\\n' > /proc/sys/net/ipv4/ip_local_port_range;"
                + " echo 2 > /proc/sys/net/ipv4/tcp_tw_reuse; echo 1 > /proc/sys/net/ipv4/tcp_timestamps;"
                + " echo 600 > /proc/sys/net/ipv4/tcp_keepalive_time;"
                + " rm -rf /etc/sysctl.d/99-zz-netune.conf /var/lib/netune;"
                + " [ -f /tmp/listener.pid ] && kill \"$(cat /tmp/listener.pid)\"; rm -f /tmp/listener.pid; true");
    }

    private Path inventory(String profile) throws Exception {
        Files.writeString(dir.resolve("p.yaml"), "name: p\nsysctl:\n" + profile);
        return Files.writeString(dir.resolve("inventory.yaml"), """
                defaults: {user: root, identityFile: %s, knownHosts: %s}
                hosts:
                  box: {address: 127.0.0.1, port: %d, profiles: [p.yaml]}
                """.formatted(HOST.identityFile(), HOST.knownHostsFile(), HOST.port()));
    }

    private static String sysctl(String path) {
        return HOST.exec("cat", "/proc/sys/" + path).strip().replaceAll("\\s+", " ");
    }

    @Test
    void aFloorRaisesWhatIsBelowKeepsWhatIsAboveAndApplyHoldsIt() throws Exception {
        String rmem = sysctl("net/ipv4/tcp_rmem");
        long max = Long.parseLong(rmem.split(" ")[2]);
        Path inv = inventory("""
                  net.core.somaxconn: {atLeast: 8192}
                  net.ipv4.tcp_rmem: [4096, 131072, {atLeast: 4194304}]
                  net.ipv4.tcp_keepalive_time: {atMost: 900}
                """);
        Cli.Result plan = Cli.run("plan", "-i", inv.toString(), "-v");
        assertEquals(0, plan.exit(), plan::toString);
        assertTrue(plan.out().contains("~ sysctl net.core.somaxconn: 4096 -> 8192  (raised 4096 to the floor 8192)"), plan::toString);
        // the host's own max (6 MiB before 6.16, 32 MiB since) is above the floor: kept, not lowered
        assertTrue(plan.out().contains("= net.ipv4.tcp_rmem kept " + max + " (>= 4194304)"), plan::toString);
        assertTrue(plan.out().contains("= net.ipv4.tcp_keepalive_time kept 600 (<= 900)"), plan::toString);

        Cli.Result apply = Cli.run("apply", "-i", inv.toString(), "--yes");
        assertEquals(0, apply.exit(), apply::toString);
        assertEquals("8192", sysctl("net/core/somaxconn"));
        assertEquals(rmem, sysctl("net/ipv4/tcp_rmem"), "a floor never lowers");
        String persisted = HOST.exec("cat", "/etc/sysctl.d/99-zz-netune.conf");
        assertTrue(persisted.contains("net.core.somaxconn = 8192\n"), persisted);
        assertTrue(persisted.contains("net.ipv4.tcp_rmem = " + rmem + "\n"), persisted);

        // raised above the floor by someone else: the live value is kept, and the file follows it, so
        // that boot restores what the host holds rather than lowering it to the floor
        HOST.sh("echo 16384 > /proc/sys/net/core/somaxconn");
        Cli.Result again = Cli.run("plan", "-i", inv.toString(), "-v");
        assertTrue(again.out().contains("= net.core.somaxconn kept 16384 (>= 8192)"), again::toString);
        assertFalse(again.out().contains("~ sysctl "), again::toString);
        assertTrue(again.out().contains("~ sysctl-file /etc/sysctl.d/99-zz-netune.conf"), again::toString);
        assertTrue(again.out().contains("+ net.core.somaxconn = 16384"), again::toString);
    }

    @Test
    void tcpTwReuseWithoutTimestampsIsRefusedAndNothingChanges() throws Exception {
        Path inv = inventory("  net.ipv4.tcp_tw_reuse: 1\n  net.ipv4.tcp_timestamps: 0\n");
        Cli.Result apply = Cli.run("apply", "-i", inv.toString(), "--yes");
        assertEquals(1, apply.exit(), apply::toString);
        assertTrue(apply.out().contains("tcp_tw_reuse=1 cannot work with tcp_timestamps=0"), apply::toString);
        assertEquals("2", sysctl("net/ipv4/tcp_tw_reuse"));
        assertEquals("1", sysctl("net/ipv4/tcp_timestamps"));
        // the host's timestamps (1) are what reuse needs: no error when the profile leaves them
        Cli.Result ok = Cli.run("plan", "-i", inv("  net.ipv4.tcp_tw_reuse: 1\n").toString());
        assertEquals(0, ok.exit(), ok::toString);
    }

    private Path inv(String profile) throws Exception {
        return inventory(profile);
    }

    @Test
    void aPortRangeOverAListeningServiceNamesItsPortAndProposesReservingIt() throws Exception {
        // a service listening inside the range the profile wants (perl is in the image's base system)
        HOST.sh("setsid perl -e 'use IO::Socket::INET; my $s = IO::Socket::INET->new("
                + "LocalPort => 40001, Listen => 5, ReuseAddr => 1) or die; sleep 300' </dev/null >/dev/null 2>&1 &"
                + " echo $! > /tmp/listener.pid;"
                + " for i in 1 2 3 4 5 6 7 8 9 10; do grep -q ':9C41 00000000:0000 0A' /proc/net/tcp && break; sleep 0.2; done");
        Path inv = inventory("  net.ipv4.ip_local_port_range: \"40000 65000\"\n");
        Cli.Result plan = Cli.run("plan", "-i", inv.toString());
        assertEquals(0, plan.exit(), plan::toString);
        assertTrue(plan.out().contains("covers ports services listen on here (40001/tcp)"), plan::toString);
        assertTrue(plan.out().contains("net.ipv4.ip_local_reserved_ports: \"40001\""), plan::toString);
        assertTrue(plan.out().contains("both ends are even"), plan::toString);
        // with the port reserved, only the parity warning is left
        HOST.sh("echo 40001 > /proc/sys/net/ipv4/ip_local_reserved_ports");
        Cli.Result reserved = Cli.run("plan", "-i", inventory("  net.ipv4.ip_local_port_range: \"40000 64999\"\n").toString());
        assertFalse(reserved.out().contains("covers ports"), reserved::toString);
        assertFalse(reserved.out().contains("parity"), reserved::toString);
        HOST.sh("echo > /proc/sys/net/ipv4/ip_local_reserved_ports");
    }
}
