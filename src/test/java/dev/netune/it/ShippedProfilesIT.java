package dev.netune.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netune.testhost.Cli;
import dev.netune.testhost.KernelHostExtension;
import dev.netune.testhost.QemuGuest;
import dev.netune.testhost.SshdContainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every shipped profile validates and plans without a plan error on typical hosts: the QEMU guest
 * (systemd, e1000e and virtio_net) strictly; an sshd container (as root and as a sudo user) except
 * for kernel-global sysctls a container's network namespace does not have (see
 * {@link #notInContainerNamespace}).
 * Plans only: the profiles carry fs.* and global net.core keys, and applying them to a container
 * would change the kernel of the machine running the tests.
 */
class ShippedProfilesIT {
    @RegisterExtension
    static final SshdContainer HOST = new SshdContainer();

    @TempDir
    Path dir;

    static List<Path> shipped() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("profiles"))) {
            List<Path> all = s.filter(p -> p.toString().endsWith(".yaml")).sorted()
                    .map(p -> p.toAbsolutePath().normalize()).toList();
            assertTrue(all.size() >= 5, all.toString());
            return all;
        }
    }

    @Test
    void everyShippedProfileValidates() throws Exception {
        List<String> args = new ArrayList<>(List.of("validate"));
        shipped().forEach(p -> args.add(p.toString()));
        Cli.Result r = Cli.run(args.toArray(String[]::new));
        assertEquals(0, r.exit(), r::toString);
        assertEquals(shipped().size(), r.out().lines().filter(l -> l.startsWith("ok: ")).count(), r::toString);
    }

    @Test
    void everyShippedProfilePlansWithoutErrorsOnAContainer() throws Exception {
        Path inv = Files.writeString(dir.resolve("inventory.yaml"), """
                defaults:
                  identityFile: %s
                  knownHosts: %s
                hosts:
                  as-root: {address: 127.0.0.1, port: %d, user: root, profiles: [%s]}
                  as-tuner: {address: 127.0.0.1, port: %d, user: tuner, become: true, profiles: [%s]}
                """.formatted(HOST.identityFile(), HOST.knownHostsFile(), HOST.port(), shipped().get(0),
                HOST.port(), shipped().get(0)));
        String before = HOST.exec("sh", "-c", "cat /proc/sys/fs/nr_open /proc/sys/net/core/somaxconn; ls /etc/security/limits.d");
        for (Path p : shipped()) {
            planCleanly(inv, p);
        }
        // kernel-global net.core keys are not visible in a container's network namespace: a warning
        Cli.Result r = Cli.run("plan", "-i", inv.toString(), "-p", dir.getFileSystem()
                .getPath(System.getProperty("netune.projectDir", "."), "profiles", "web-server.yaml").toString());
        assertTrue(r.out().contains("warning: net.core.netdev_max_backlog is global to the kernel and not visible here"),
                r::toString);
        assertEquals(before, HOST.exec("sh", "-c", "cat /proc/sys/fs/nr_open /proc/sys/net/core/somaxconn; ls /etc/security/limits.d"),
                "plan must not change anything");
    }

    @Test
    @Tag("kernel")
    @ExtendWith(KernelHostExtension.class)
    void everyShippedProfilePlansWithoutErrorsOnTheKernelGuest(QemuGuest guest) throws Exception {
        Path inv = GuestInventory.write(dir, guest, shipped().get(0).toString(), true);
        for (Path p : shipped()) {
            planCleanly(inv, p);
        }
    }

    private static void planCleanly(Path inv, Path profile) {
        Cli.Result r = Cli.run("plan", "-i", inv.toString(), "-p", profile.toString(), "--detailed-exitcode");
        assertTrue(r.exit() == 0 || r.exit() == 2, profile.getFileName() + " must plan without errors: " + r);
        // the summary, not any "FAILED" in the text: the NIC restore script the plan shows has NETUNE_FAILED in it
        assertTrue(r.out().contains(" 0 failed, 0 unreachable"), r::toString);
        assertFalse(r.out().lines().anyMatch(l -> l.startsWith("  ! ")), r::toString);
        neverLowersASize(r);
    }

    /** Buffer, queue and budget sizes the shipped profiles set only as floors. */
    private static final List<String> SIZES = List.of("net.core.somaxconn", "net.ipv4.tcp_max_syn_backlog",
            "net.core.netdev_max_backlog", "net.core.rmem_max", "net.core.wmem_max", "net.ipv4.tcp_rmem",
            "net.ipv4.tcp_wmem", "net.core.netdev_budget", "net.core.netdev_budget_usecs");

    /**
     * No shipped profile lowers a size the host (or its kernel's defaults: 6.16 raised tcp_rmem's
     * max to 32 MiB) already has: every "~ sysctl KEY: before -> after" of those keys rises element-wise.
     */
    private static void neverLowersASize(Cli.Result r) {
        java.util.regex.Pattern change = java.util.regex.Pattern.compile("~ sysctl (\\S+): ([0-9 ]+) -> ([0-9 ]+)");
        for (String line : r.out().lines().toList()) {
            java.util.regex.Matcher m = change.matcher(line);
            if (m.find() && SIZES.contains(m.group(1))) {
                String[] before = m.group(2).strip().split(" ");
                String[] after = m.group(3).strip().split(" ");
                assertEquals(before.length, after.length, line);
                for (int i = 0; i < before.length; i++) {
                    assertTrue(Long.parseLong(after[i]) >= Long.parseLong(before[i]), "lowers a size: " + line + "\n" + r);
                }
            }
        }
    }
}
