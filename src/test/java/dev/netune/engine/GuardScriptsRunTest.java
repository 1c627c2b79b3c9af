package dev.netune.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netune.fact.GatherOutput;
import dev.netune.transport.ExecResult;
import dev.netune.transport.LocalTransport;
import dev.netune.transport.Shell;
import dev.netune.transport.ShellScript;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host lock, snapshot save, restore and confirmation functions, run by this machine's
 * {@code sh} on a temporary directory (their paths are arguments): what the apply and the
 * confirmation read from them, the claim race, and what stays on disk. The container ITs
 * (HostLockIT, AutoRestoreContainerIT, RollbackIT) run the whole scripts on a host.
 */
class GuardScriptsRunTest {
    private static final String ID = "20261128T200000Z-abcd";
    private static final String UNIT = AutoRestore.unit(ID);

    @TempDir
    Path dir;

    private static ExecResult sh(String script) throws Exception {
        return new LocalTransport().run(script, Duration.ofSeconds(20));
    }

    private String lock(String owner) {
        return ShellScript.library("host-lock")
                + ShellScript.call("netune_lock", dir.resolve("lock").toString(), dir.resolve("owner").toString(), owner);
    }

    @Test
    void aSecondApplyFindsTheHostLockedAndNamesItsOwner() throws Exception {
        // the first holds the lock while the second tries; the owner text is hostile and stays text
        String owner = "ops@ci, snapshot 'x' $(id)";
        String first = lock(owner) + "echo held; sleep 3; echo released\n";
        String second = "sleep 1\n" + lock("other") + "echo changed\n";
        ExecResult both = sh("(" + first + ") &\n" + "(" + second + ")\nwait\n");
        List<String> out = both.stdout().lines().toList();
        assertTrue(out.contains("@@netune locked"), both.toString());
        assertFalse(out.contains("changed"), both.toString());
        assertTrue(both.stdout().contains(owner + ", pid "), both.toString());
        assertEquals(Optional.of("locked by another netune apply (" + GatherOutput.split(both.stdout()).stream()
                        .filter(s -> s.kind().equals("locked")).findFirst().orElseThrow().body().strip() + "); nothing changed"),
                HostGuard.refusal(GatherOutput.split(both.stdout()), "h"));
        // once the first ended, the lock is free again
        assertTrue(sh(lock("third") + "echo changed\n").stdout().contains("changed"));
    }

    @Test
    void theSnapshotIsSavedAndOnlyTheNewestAreKept() throws Exception {
        Path snaps = dir.resolve("snapshots");
        StringBuilder script = new StringBuilder(ShellScript.library("snapshot-save"));
        for (int i = 0; i < 4; i++) {
            String id = "s" + i;
            script.append(ShellScript.call("netune_snapshot_save", snaps.toString(), snaps.resolve(id + ".json").toString(),
                    id, "{\"id\":\"" + id + "\", \"v\":\"it's $(x)\"}", "3")).append("sleep 1\n");
        }
        ExecResult r = sh(script.toString());
        assertEquals("@@netune snapshot s0 ok\n@@netune snapshot s1 ok\n@@netune snapshot s2 ok\n@@netune snapshot s3 ok\n",
                r.stdout(), r.toString());
        try (Stream<Path> files = Files.list(snaps)) {
            assertEquals(List.of("s2.json", "s3.json"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertEquals("{\"id\":\"s3\", \"v\":\"it's $(x)\"}\n", Files.readString(snaps.resolve("s3.json")));
    }

    /**
     * The prune counts by the shell's glob: with fewer snapshots than FROM nothing is listed or
     * removed, and the save that brings them to exactly FROM removes the oldest (FROM 3 keeps 2).
     */
    @Test
    void theSaveThatReachesTheLimitPrunesAndOneBelowItDoesNot() throws Exception {
        Path snaps = dir.resolve("snapshots");
        StringBuilder script = new StringBuilder(ShellScript.library("snapshot-save"));
        for (int i = 0; i < 2; i++) {
            script.append(ShellScript.call("netune_snapshot_save", snaps.toString(), snaps.resolve("s" + i + ".json").toString(),
                    "s" + i, "{}", "3")).append("sleep 1\n");
        }
        sh(script.toString());
        try (Stream<Path> files = Files.list(snaps)) {
            assertEquals(List.of("s0.json", "s1.json"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        sh(ShellScript.library("snapshot-save") + ShellScript.call("netune_snapshot_save", snaps.toString(),
                snaps.resolve("s2.json").toString(), "s2", "{}", "3"));
        try (Stream<Path> files = Files.list(snaps)) {
            assertEquals(List.of("s1.json", "s2.json"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    /** Oldest by the host's clock (mtime), not by name: ids carry the applying controllers' clocks. */
    @Test
    void thePruneRemovesTheOldestByMtimeWhateverTheirNamesAndAsManyAsAreOver() throws Exception {
        Path snaps = Files.createDirectories(dir.resolve("snapshots"));
        long now = System.currentTimeMillis();
        for (int i = 1; i <= 5; i++) {
            Path f = Files.writeString(snaps.resolve("z" + i + ".json"), "{}\n");
            // z1 the newest, z5 the oldest: the reverse of the names' order
            Files.setLastModifiedTime(f, java.nio.file.attribute.FileTime.fromMillis(now - i * 60_000L));
        }
        sh(ShellScript.library("snapshot-save") + ShellScript.call("netune_snapshot_save", snaps.toString(),
                snaps.resolve("a0.json").toString(), "a0", "{}", "4"));
        try (Stream<Path> files = Files.list(snaps)) {
            assertEquals(List.of("a0.json", "z1.json", "z2.json"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void aSnapshotThatCannotBeSavedStopsTheApply() throws Exception {
        Files.writeString(dir.resolve("file"), "");
        Path snaps = dir.resolve("file/snapshots"); // under a regular file: mkdir fails
        ExecResult r = sh(ShellScript.library("snapshot-save") + ShellScript.call("netune_snapshot_save", snaps.toString(),
                snaps.resolve("a.json").toString(), "a", "{}", "3") + "echo changed\n");
        assertTrue(r.stdout().startsWith("@@netune snapshot a failed\n"), r.toString());
        assertFalse(r.stdout().contains("changed"), r.toString());
    }

    private String restoreFile() {
        return dir.resolve(ID + ".sh").toString();
    }

    /** The restore script as AutoRestore builds it, but for this directory and lock. */
    private String restore(String changes) {
        return ShellScript.library("restore") + ShellScript.call("netune_restore_begin", dir.toString(), ID, "ops@ci",
                dir.resolve("lock").toString(), "5") + changes + ShellScript.call("netune_restore_end", dir.toString(), ID);
    }

    @Test
    void theRestoreRunsOnceLogsAndRemovesItselfThenTheConfirmationSaysRestored() throws Exception {
        Files.writeString(Path.of(restoreFile()), restore("echo undone >> " + dir.resolve("undo") + "\n"));
        assertEquals("", sh("sh " + restoreFile() + "\n").stdout(), "everything goes to the log");
        sh("sh " + restoreFile() + "\n");
        assertEquals("undone\n", Files.readString(dir.resolve("undo")));
        assertFalse(Files.exists(Path.of(restoreFile())));
        assertTrue(Files.readString(dir.resolve(ID + ".log")).endsWith("@@netune restore " + ID + " done\n"));
        String confirm = ShellScript.library("restore-confirm") + ShellScript.call("netune_restore_confirm", dir.toString(), ID, UNIT);
        assertEquals(Optional.of(AutoRestore.Verdict.RESTORED), AutoRestore.verdict(ID, GatherOutput.split(sh(confirm).stdout())));
    }

    @Test
    void aConfirmationThatWinsTheClaimStopsTheRestore() throws Exception {
        Files.writeString(Path.of(restoreFile()), restore("echo undone >> " + dir.resolve("undo") + "\n"));
        String confirm = ShellScript.library("restore-confirm") + ShellScript.call("netune_restore_confirm", dir.toString(), ID, UNIT);
        assertEquals(Optional.of(AutoRestore.Verdict.CONFIRMED), AutoRestore.verdict(ID, GatherOutput.split(sh(confirm).stdout())));
        assertFalse(Files.exists(Path.of(restoreFile())), "the confirmation removes the script");
        Files.writeString(Path.of(restoreFile()), restore("echo undone >> " + dir.resolve("undo") + "\n"));
        sh("sh " + restoreFile() + "\n");
        assertFalse(Files.exists(dir.resolve("undo")), "a late timer finds the claim taken and does nothing");
    }

    private String restoreNow(int waitSeconds) {
        return ShellScript.library("restore-run") + ShellScript.library("restore-confirm")
                + ShellScript.call("netune_restore_now", dir.toString(), ID, UNIT, String.valueOf(waitSeconds));
    }

    @Test
    void restoreNowRunsAnArmedRestoreAndSaysUnarmedWhenNothingWasArmed() throws Exception {
        assertEquals(Optional.of(AutoRestore.Verdict.UNARMED), AutoRestore.verdict(ID, GatherOutput.split(sh(restoreNow(5)).stdout())));
        Files.writeString(Path.of(restoreFile()), restore("echo undone >> " + dir.resolve("undo") + "\n"));
        assertEquals(Optional.of(AutoRestore.Verdict.RESTORED), AutoRestore.verdict(ID, GatherOutput.split(sh(restoreNow(5)).stdout())));
        assertEquals("undone\n", Files.readString(dir.resolve("undo")));
        assertEquals(Optional.of(AutoRestore.Verdict.RESTORED), AutoRestore.verdict(ID, GatherOutput.split(sh(restoreNow(5)).stdout())));
        assertEquals("undone\n", Files.readString(dir.resolve("undo")), "asked again, it does not run again");
    }

    /**
     * The command that starts the restore ends at its deadline like netune's remote watchdog ends
     * it (timeout(1) kills its whole process group); the restore, slower than that, still
     * finishes, and asking again reports it done. (It was run inside the command: killed half
     * way with its claim taken, nothing ever finished it.)
     */
    @Test
    void aRestoreStartedNowOutlivesTheCommandsDeadline() throws Exception {
        Files.writeString(Path.of(restoreFile()), restore("sleep 3; echo undone >> " + dir.resolve("undo") + "\n"));
        ExecResult cut = sh("timeout -k 1 1 sh -c " + Shell.quote(restoreNow(30)) + "\necho \"exit $?\"\n");
        assertTrue(cut.stdout().contains("@@netune confirm " + ID + " restored\n") || cut.stdout().startsWith("exit 124"),
                cut.toString());
        assertFalse(Files.exists(dir.resolve("undo")), "not finished yet: " + cut);
        ExecResult asked = sh(restoreNow(10));
        assertEquals(Optional.of(AutoRestore.Verdict.RESTORED), AutoRestore.verdict(ID, GatherOutput.split(asked.stdout())),
                asked.toString());
        assertEquals("undone\n", Files.readString(dir.resolve("undo")));
        assertFalse(Files.exists(Path.of(restoreFile())), "the restore removed itself");
    }

    @Test
    void restoreNowWithNoTimeToWaitSaysTheRestoreIsStillRunning() throws Exception {
        Files.writeString(Path.of(restoreFile()), restore("sleep 2; echo undone >> " + dir.resolve("undo") + "\n"));
        ExecResult started = sh(restoreNow(0));
        assertEquals(Optional.of(AutoRestore.Verdict.RESTORING), AutoRestore.verdict(ID, GatherOutput.split(started.stdout())),
                started.toString());
        ExecResult asked = sh(restoreNow(10));
        assertEquals(Optional.of(AutoRestore.Verdict.RESTORED), AutoRestore.verdict(ID, GatherOutput.split(asked.stdout())),
                asked.toString());
        assertEquals("undone\n", Files.readString(dir.resolve("undo")), "started once");
    }
}
