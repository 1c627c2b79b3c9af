package dev.netune.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netune.testhost.Cli;
import dev.netune.testhost.KernelHostExtension;
import dev.netune.testhost.QemuGuest;
import dev.netune.transport.ShellScript;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The irqbalance service on the guest's real systemd (Debian bookworm, irqbalance 1.9, 2 CPUs).
 * Its state is checked with systemctl and /proc in the guest, never through netune.
 */
@Tag("kernel")
@ExtendWith(KernelHostExtension.class)
class IrqbalanceIT {
    private static final String DROP_IN = "/etc/systemd/system/irqbalance.service.d/netune.conf";

    @TempDir
    Path dir;
    QemuGuest guest;

    @BeforeEach
    void defaults(QemuGuest guest) {
        this.guest = guest;
        restore();
        assertEquals("active", state("is-active"), "the guest starts with irqbalance running");
    }

    /** The guest image's state: irqbalance enabled and running, no drop-in of ours. */
    @AfterEach
    void restore() {
        guest.run("systemctl unmask irqbalance 2>/dev/null; rm -f " + DROP_IN + "; rmdir /etc/systemd/system/irqbalance.service.d 2>/dev/null;"
                + " systemctl daemon-reload && systemctl enable irqbalance 2>/dev/null && systemctl restart irqbalance")
                .stdoutOrThrow();
    }

    /** {@code systemctl is-active|is-enabled irqbalance}; these exit non-zero for "inactive"/"disabled". */
    private String state(String query) {
        return guest.run("systemctl " + query + " irqbalance").stdout().strip();
    }

    private Path inventory(String yaml) throws Exception {
        Files.writeString(dir.resolve("irqbalance.yaml"), yaml);
        return GuestInventory.write(dir, guest, "irqbalance.yaml", true);
    }

    /**
     * netune's reading (one systemctl show) says what systemctl is-active, is-enabled and show
     * --value say, in each state the kind meets: running and enabled, stopped and disabled, masked,
     * and with an Environment= drop-in.
     */
    @Test
    void theReadingAgreesWithSystemctlsOwnQueries() {
        String reading = ShellScript.library("read-line") + ShellScript.library("irqbalance-read")
                + ShellScript.call("netune_irqbalance_read", "irqbalance.service", "/etc/default/irqbalance");
        String oracle = "echo \"active=$(systemctl is-active irqbalance.service)\"; echo \"enabled=$(systemctl is-enabled irqbalance.service)\";"
                + " echo \"environment=$(systemctl show -p Environment --value irqbalance.service)\"";
        for (String state : List.of("true", "systemctl disable --now irqbalance", "systemctl mask irqbalance",
                "systemctl unmask irqbalance && mkdir -p /etc/systemd/system/irqbalance.service.d && printf '[Service]\\nEnvironment=A=1 B=2\\n' > "
                        + DROP_IN + " && systemctl daemon-reload && systemctl enable --now irqbalance")) {
            guest.run(state + " 2>/dev/null").stdoutOrThrow();
            List<String> want = guest.run(oracle).stdout().lines().toList();
            List<String> got = guest.run(reading).stdoutOrThrow().lines()
                    .filter(l -> l.startsWith("active=") || l.startsWith("enabled=") || l.startsWith("environment=")).toList();
            assertEquals(want, got, state);
        }
    }

    @Test
    void disablingStopsAndDisablesIrqbalanceAndTheSecondPlanIsEmpty() throws Exception {
        Path inv = inventory("irqbalance: {enabled: false}\n");

        Cli.Result plan = Cli.run("plan", "-i", inv.toString());
        assertEquals(0, plan.exit(), plan::toString);
        assertTrue(plan.out().contains("~ irqbalance service: active, enabled -> inactive, disabled"), plan::toString);

        Cli.Result apply = Cli.run("apply", "-i", inv.toString(), "--yes");
        assertEquals(0, apply.exit(), apply::toString);
        assertEquals("inactive", state("is-active"));
        assertEquals("disabled", state("is-enabled"));
        assertFalse(guest.run("pgrep -x irqbalance").ok(), "no irqbalance process left");

        Cli.Result again = Cli.run("plan", "-i", inv.toString(), "--detailed-exitcode", "-v");
        assertEquals(0, again.exit(), "second plan is empty: " + again);
        assertTrue(again.out().contains("irqbalance is already inactive and disabled"), again::toString);
    }

    @Test
    void reEnablingWithBannedCpuWritesTheDropInAndIrqbalanceRunsWithIt() throws Exception {
        guest.run("systemctl disable --now irqbalance").stdoutOrThrow();
        Path inv = inventory("irqbalance: {enabled: true, bannedCpus: \"0\"}\n");

        Cli.Result plan = Cli.run("plan", "-i", inv.toString());
        assertEquals(0, plan.exit(), plan::toString);
        assertTrue(plan.out().contains("+ irqbalance-dropin " + DROP_IN), plan::toString);
        assertTrue(plan.out().contains("+ Environment=IRQBALANCE_BANNED_CPULIST=0"), plan::toString);
        assertTrue(plan.out().contains("~ irqbalance service: inactive, disabled -> active, enabled"), plan::toString);

        Cli.Result apply = Cli.run("apply", "-i", inv.toString(), "--yes");
        assertEquals(0, apply.exit(), apply::toString);
        assertTrue(guest.run("cat " + DROP_IN).stdoutOrThrow().contains("\nEnvironment=IRQBALANCE_BANNED_CPULIST=0\n"));
        assertTrue(guest.run("systemctl show -p Environment irqbalance").stdoutOrThrow()
                .contains("IRQBALANCE_BANNED_CPULIST=0"));
        assertEquals("active", state("is-active"));
        assertEquals("enabled", state("is-enabled"));
        // the running daemon itself got the variable (started after the drop-in was loaded)
        assertTrue(guest.run("tr '\\0' '\\n' < /proc/$(systemctl show -p MainPID --value irqbalance)/environ")
                .stdoutOrThrow().contains("IRQBALANCE_BANNED_CPULIST=0\n"));

        Cli.Result again = Cli.run("plan", "-i", inv.toString(), "--detailed-exitcode");
        assertEquals(0, again.exit(), "second plan is empty: " + again);

        // dropping bannedCpus from the profile removes the drop-in and restarts irqbalance without it
        Path plain = inventory("irqbalance: {enabled: true}\n");
        Cli.Result remove = Cli.run("plan", "-i", plain.toString());
        assertTrue(remove.out().contains("- irqbalance-dropin " + DROP_IN + " (removed)  (the profile bans no CPUs)"),
                remove::toString);
        Cli.Result applied = Cli.run("apply", "-i", plain.toString(), "--yes");
        assertEquals(0, applied.exit(), applied::toString);
        assertFalse(guest.run("test -e " + DROP_IN).ok(), "drop-in removed");
        assertFalse(guest.run("systemctl show -p Environment irqbalance").stdoutOrThrow()
                .contains("IRQBALANCE_BANNED_CPULIST"));
        assertFalse(guest.run("tr '\\0' '\\n' < /proc/$(systemctl show -p MainPID --value irqbalance)/environ")
                .stdoutOrThrow().contains("IRQBALANCE_BANNED_CPULIST"), "restarted without the variable");
        assertEquals("active", state("is-active"));
    }

    @Test
    void banningACpuTheGuestDoesNotHaveIsAPlanErrorAndNothingChanges() throws Exception {
        Path inv = inventory("irqbalance: {enabled: true, bannedCpus: \"4\"}\n");
        Cli.Result plan = Cli.run("plan", "-i", inv.toString());
        assertEquals(1, plan.exit(), plan::toString);
        assertTrue(plan.out().contains("! irqbalance bannedCpus: bannedCpus 4 names CPU 4, which this host does not"
                + " have (online CPUs: 0-1)"), plan::toString);

        Cli.Result apply = Cli.run("apply", "-i", inv.toString(), "--yes");
        assertEquals(1, apply.exit(), apply::toString);
        assertFalse(guest.run("test -e " + DROP_IN).ok(), "no drop-in written");
        assertEquals("active", state("is-active"));
    }

    @Test
    void rollbackRestartsIrqbalanceAndPutsTheDropInBack() throws Exception {
        Path banned = inventory("irqbalance: {enabled: true, bannedCpus: \"0\"}\n");
        Cli.Result first = Cli.run("apply", "-i", banned.toString(), "--yes");
        assertEquals(0, first.exit(), first::toString);
        String dropIn = guest.run("cat " + DROP_IN).stdoutOrThrow();

        Cli.Result off = Cli.run("apply", "-i", inventory("irqbalance: {enabled: false}\n").toString(), "--yes");
        assertEquals(0, off.exit(), off::toString);
        assertEquals("inactive", state("is-active"));
        assertFalse(guest.run("test -e " + DROP_IN).ok(), "a stopped irqbalance has no banned CPUs");

        Cli.Result back = Cli.run("rollback", "-i", dir.resolve("guest-inventory.yaml").toString(), "--yes");
        assertEquals(0, back.exit(), back::toString);
        assertFalse(back.out().contains("not rolled back"), back::toString);
        assertEquals("active", state("is-active"));
        assertEquals("enabled", state("is-enabled"));
        assertEquals(dropIn, guest.run("cat " + DROP_IN).stdoutOrThrow(), "the drop-in of the first apply is back");
        assertTrue(guest.run("systemctl show -p Environment irqbalance").stdoutOrThrow()
                .contains("IRQBALANCE_BANNED_CPULIST=0"), "and irqbalance runs with it");
    }
}
