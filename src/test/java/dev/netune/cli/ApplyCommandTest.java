package dev.netune.cli;

import dev.netune.plan.ChangeKind;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.netune.plan.Change;
import dev.netune.testhost.Require;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The staleness check of saved plans, and apply's refusals. Nothing here ever applies anything. */
class ApplyCommandTest {
    private static final String FILE = "/etc/sysctl.d/99-zz-netune.conf";
    private static final Change SOMAXCONN = new Change(ChangeKind.of("sysctl"), "net.core.somaxconn", "4096", "8192");
    private static final Change RANGE = new Change(ChangeKind.of("sysctl"), "net.ipv4.ip_local_port_range", "32768 60999", "10000 65000");
    private static final Change FILE_CREATE = new Change(ChangeKind.of("sysctl-file"), FILE, null, "# h\nnet.core.somaxconn = 8192\n",
            List.of("persists the values across reboots"));

    @Test
    void identicalPlansAreNotStale() {
        assertEquals(Optional.empty(), ApplyCommand.staleness(List.of(SOMAXCONN, RANGE, FILE_CREATE),
                List.of(SOMAXCONN, RANGE, FILE_CREATE)));
        assertEquals(Optional.empty(), ApplyCommand.staleness(List.of(), List.of()));
        // order and notes do not matter
        assertEquals(Optional.empty(), ApplyCommand.staleness(List.of(RANGE, SOMAXCONN),
                List.of(SOMAXCONN, new Change(ChangeKind.of("sysctl"), "net.ipv4.ip_local_port_range", "32768 60999", "10000 65000",
                        List.of("a note")))));
    }

    @Test
    void changeNoLongerNeeded() {
        assertEquals(Optional.of("sysctl net.core.somaxconn no longer needs a change"),
                ApplyCommand.staleness(List.of(SOMAXCONN, RANGE), List.of(RANGE)));
    }

    @Test
    void beforeValueChangedSincePlanned() {
        assertEquals(Optional.of("sysctl net.core.somaxconn was 4096 when planned, is now 1024"),
                ApplyCommand.staleness(List.of(SOMAXCONN), List.of(new Change(ChangeKind.of("sysctl"), "net.core.somaxconn", "1024", "8192"))));
    }

    @Test
    void wantedValueChangedToo() {
        assertEquals(Optional.of("sysctl net.core.somaxconn was 4096 when planned, is now 1024 (wanted value changed)"),
                ApplyCommand.staleness(List.of(SOMAXCONN), List.of(new Change(ChangeKind.of("sysctl"), "net.core.somaxconn", "1024", "65535"))));
    }

    @Test
    void fileChangedSincePlanned() {
        Change nowExists = new Change(ChangeKind.of("sysctl-file"), FILE, "# h\nnet.core.somaxconn = 1", FILE_CREATE.after());
        assertEquals(Optional.of("sysctl-file /etc/sysctl.d/99-zz-netune.conf changed since the plan"),
                ApplyCommand.staleness(List.of(SOMAXCONN, FILE_CREATE), List.of(SOMAXCONN, nowExists)));
    }

    @Test
    void firstDifferenceInPlanOrderIsNamed() {
        assertEquals(Optional.of("sysctl net.ipv4.ip_local_port_range no longer needs a change"),
                ApplyCommand.staleness(List.of(RANGE, SOMAXCONN), List.of(new Change(ChangeKind.of("sysctl"), "net.core.somaxconn", "1", "8192"))));
    }

    @Test
    void newChangeThePlanLacks() {
        assertEquals(Optional.of("sysctl net.ipv4.ip_local_port_range now needs a change the plan lacks"),
                ApplyCommand.staleness(List.of(SOMAXCONN), List.of(SOMAXCONN, RANGE)));
        assertEquals(Optional.of("sysctl net.core.somaxconn now needs a change the plan lacks"),
                ApplyCommand.staleness(List.of(), List.of(SOMAXCONN)));
    }

    @TempDir
    Path dir;

    @Test
    void aPlanFileThatIsNotAPlanIsRefusedBeforeAnythingElse() throws Exception {
        Path notPlan = dir.resolve("drift.json");
        Files.writeString(notPlan, "{\"schemaVersion\": 1, \"command\": \"drift\", \"hosts\": []}");
        CliRun r = CliRun.run("apply", notPlan.toString());
        assertEquals(new CliRun(1, "", "netune: " + notPlan
                + " is not a netune plan file (written by `netune plan --out`)\n"), r);
    }

    @Test
    void withoutYesAndWithoutATerminalNothingHappens() {
        Require.that(System.console() == null, "needs a run without a terminal");
        Require.that(ApplyCommand.isRoot(), "runs as root (CI does; a user's run is the test below)");
        CliRun r = CliRun.run("apply");
        assertEquals(new CliRun(1, "", "netune: no terminal to confirm on: pass --yes to apply without asking\n"), r);
    }

    /** Issue #18: this path was only taken on a developer's machine; now a real non-root user runs it. */
    @Test
    void aNonRootUserIsToldApplyAndRollbackNeedRoot(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        assertEquals(new CliRun(1, "", "netune: apply changes the kernel and needs root: run it as root (e.g. with sudo)\n"),
                CliRun.asNonRoot(tmp, "apply", "--yes"));
        assertEquals(new CliRun(1, "", "netune: rollback changes the kernel and needs root: run it as root (e.g. with sudo)\n"),
                CliRun.asNonRoot(tmp, "rollback", "--yes"));
    }
}
