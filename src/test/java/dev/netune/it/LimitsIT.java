package dev.netune.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netune.testhost.Cli;
import dev.netune.testhost.KernelHostExtension;
import dev.netune.testhost.QemuGuest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * File-descriptor limits on a real kernel with systemd and PAM (the QEMU guest): fs.* are global
 * to the kernel, and limits.d decides whether anyone can still log in, so none of this is ever
 * tried on a container or on the machine running the tests.
 */
@Tag("kernel")
@ExtendWith(KernelHostExtension.class)
class LimitsIT {
    private static final String FILES = "/etc/security/limits.d/90-netune.conf /etc/systemd/system.conf.d/90-netune.conf"
            + " /etc/sysctl.d/99-zz-netune-limits.conf";

    @TempDir
    Path dir;
    String fileMax;
    String nrOpen;

    private static String read(QemuGuest guest, String command) {
        return guest.run(command).stdoutOrThrow().strip();
    }

    /** What a new login of {@code user} gets: a new PAM session (guest.run shares one login). */
    private static String login(QemuGuest guest, String user, String command) {
        return guest.runInNewLogin(user, command, java.time.Duration.ofSeconds(60)).stdoutOrThrow().strip();
    }

    @BeforeEach
    void remember(QemuGuest guest) {
        guest.run("rm -f " + FILES).stdoutOrThrow();
        fileMax = read(guest, "cat /proc/sys/fs/file-max");
        nrOpen = read(guest, "cat /proc/sys/fs/nr_open");
    }

    /** Removes what netune wrote and puts the kernel values and systemd's default back. */
    @AfterEach
    void restore(QemuGuest guest) {
        guest.run("rm -f " + FILES + "; echo " + fileMax + " > /proc/sys/fs/file-max; echo " + nrOpen
                + " > /proc/sys/fs/nr_open; systemctl daemon-reexec").stdoutOrThrow();
    }

    @Test
    void limitsAreAppliedNewLoginsGetThemAndTheySurviveAReboot(QemuGuest guest) throws Exception {
        // start below the profile's floors so that the raise path is taken
        guest.run("echo 1048576 > /proc/sys/fs/nr_open; echo 1048576 > /proc/sys/fs/file-max").stdoutOrThrow();
        Files.writeString(dir.resolve("limits.yaml"), """
                limits:
                  fileMax: 2097152
                  nrOpen: 2097152
                  nofile: {soft: 200000, hard: 400000, users: ["*", root]}
                  systemd: {defaultLimitNOFILE: "300000:400000"}
                """);
        Path inv = GuestInventory.write(dir, guest, "limits.yaml", true);

        Cli.Result plan = Cli.run("plan", "-i", inv.toString());
        assertEquals(0, plan.exit(), plan::toString);
        assertTrue(plan.out().contains("~ sysctl fs.nr_open: 1048576 -> 2097152"), plan::toString);
        assertTrue(plan.out().contains("+ limits-file /etc/security/limits.d/90-netune.conf"), plan::toString);
        assertTrue(plan.out().contains("takes effect at next boot or `systemctl daemon-reexec`"), plan::toString);

        Cli.Result apply = Cli.run("apply", "-i", inv.toString(), "--yes");
        assertEquals(0, apply.exit(), apply::toString);
        assertEquals("2097152", read(guest, "cat /proc/sys/fs/nr_open"));
        assertEquals("2097152", read(guest, "cat /proc/sys/fs/file-max"));
        assertTrue(read(guest, "cat /etc/security/limits.d/90-netune.conf").startsWith("# Managed by netune."));
        assertEquals("200000", login(guest, "root", "ulimit -n"));
        assertEquals("400000", login(guest, "root", "ulimit -Hn"));
        assertEquals("200000", login(guest, "tuner", "ulimit -n"));

        Cli.Result again = Cli.run("plan", "-i", inv.toString(), "--detailed-exitcode");
        assertEquals(0, again.exit(), again::toString);

        guest.reboot();
        assertEquals("2097152", read(guest, "cat /proc/sys/fs/nr_open"));
        assertEquals("200000", login(guest, "root", "ulimit -n"));
        assertEquals("DefaultLimitNOFILE=400000\nDefaultLimitNOFILESoft=300000",
                read(guest, "systemctl show -p DefaultLimitNOFILE -p DefaultLimitNOFILESoft"));
        Cli.Result drift = Cli.run("drift", "-i", inv.toString());
        assertEquals(0, drift.exit(), drift::toString);
        assertTrue(drift.out().contains("guest (127.0.0.1:" + guest.sshPort() + "): no changes"), drift::toString);
        assertFalse(drift.out().contains("warning:"), drift::toString);
    }

    @Test
    void nrOpenGuardRefusesAPlanThatWouldLockOutLogins(QemuGuest guest) throws Exception {
        guest.run("echo 1048576 > /proc/sys/fs/nr_open").stdoutOrThrow();
        String hardBefore = login(guest, "root", "ulimit -Hn");
        Files.writeString(dir.resolve("lockout.yaml"), """
                limits:
                  nofile: {soft: 1048576, hard: 2097152, users: ["*", root]}
                """);
        Path inv = GuestInventory.write(dir, guest, "lockout.yaml", true);

        Cli.Result plan = Cli.run("plan", "-i", inv.toString());
        assertEquals(1, plan.exit(), plan::toString);
        assertTrue(plan.out().contains("! limits /etc/security/limits.d/90-netune.conf: nofile hard limit 2097152 is above"
                + " fs.nr_open 1048576 (after this plan)"), plan::toString);

        Cli.Result apply = Cli.run("apply", "-i", inv.toString(), "--yes");
        assertEquals(1, apply.exit(), apply::toString);
        assertFalse(guest.run("test -e /etc/security/limits.d/90-netune.conf").ok(), "nothing is written");
        assertEquals("1048576", read(guest, "cat /proc/sys/fs/nr_open"));
        assertEquals(hardBefore, login(guest, "root", "ulimit -Hn"), "logins still work and get what they got");
    }

    private static final String MANAGER = "systemctl show -p DefaultLimitNOFILE -p DefaultLimitNOFILESoft";

    private Path limitsProfile(QemuGuest guest, String systemd) throws Exception {
        Files.writeString(dir.resolve("limits.yaml"), """
                limits:
                  fileMax: 2097152
                  nrOpen: 2097152
                  nofile: {soft: 200000, hard: 400000, users: ["*", root]}
                  systemd: {defaultLimitNOFILE: "%s"}
                """.formatted(systemd));
        return GuestInventory.write(dir, guest, "limits.yaml", true);
    }

    @Test
    void systemdReExecutesOnlyWhenAllowedAndRollbackRestoresTheLimits(QemuGuest guest) throws Exception {
        guest.run("echo 1048576 > /proc/sys/fs/nr_open; echo 1048576 > /proc/sys/fs/file-max;"
                + " rm -rf /var/lib/netune/snapshots").stdoutOrThrow();
        String managerBefore = read(guest, MANAGER);

        Cli.Result first = Cli.run("apply", "-i", limitsProfile(guest, "300000:400000").toString(), "--yes");
        assertEquals(0, first.exit(), first::toString);
        assertTrue(first.out().contains("(apply --allow-service-restart runs it)"), first::toString);
        assertEquals(managerBefore, read(guest, MANAGER), "without --allow-service-restart systemd is left alone");

        Cli.Result second = Cli.run("apply", "-i", limitsProfile(guest, "350000:400000").toString(), "--yes",
                "--allow-service-restart", "--format", "json");
        assertEquals(0, second.exit(), second::toString);
        assertTrue(second.out().contains("systemd re-executed and now gives services nofile soft 350000, hard 400000"),
                second::toString);
        assertEquals("DefaultLimitNOFILE=400000\nDefaultLimitNOFILESoft=350000", read(guest, MANAGER), "no reboot needed");

        // back one step: the drop-in of the first apply, re-executed again
        Cli.Result back = Cli.run("rollback", "-i", dir.resolve("guest-inventory.yaml").toString(), "--yes",
                "--allow-service-restart");
        assertEquals(0, back.exit(), back::toString);
        assertEquals("DefaultLimitNOFILE=400000\nDefaultLimitNOFILESoft=300000", read(guest, MANAGER), back.out());

        // back to before the first apply: files netune created are gone, the ceilings as they were
        String oldest = read(guest, "ls -1 /var/lib/netune/snapshots | sort | head -n 1").replace(".json", "");
        Cli.Result start = Cli.run("rollback", "-i", dir.resolve("guest-inventory.yaml").toString(), "--yes",
                "--to", oldest);
        assertEquals(0, start.exit(), start::toString);
        assertFalse(start.out().contains("not rolled back"), start::toString);
        assertEquals("1048576", read(guest, "cat /proc/sys/fs/nr_open"));
        assertEquals("1048576", read(guest, "cat /proc/sys/fs/file-max"));
        assertEquals("absent", read(guest, "for f in " + FILES + "; do test -e $f && echo present; done; echo absent"));
    }
}
