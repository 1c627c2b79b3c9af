package dev.netune.engine;

import dev.netune.plan.ChangeKind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netune.fact.GatherOutput;
import dev.netune.plan.Change;
import dev.netune.transport.Shell;
import dev.netune.transport.ShellScript;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AutoRestoreTest {
    private static final Snapshot SNAPSHOT = new Snapshot("20261128T200000Z-abcd", "2026-11-28T20:00:00Z",
            "ops@ci", List.of(new Change(ChangeKind.of("sysctl"), "net.core.somaxconn", "4096", "8192")));

    @Test
    void theRestoreClaimsFirstWaitsForTheLockAndRemovesItselfWhenDone() {
        String restore = AutoRestore.restoreScript(SNAPSHOT, "echo undo\n");
        String begin = "netune_restore_begin '/var/lib/netune/restore' '20261128T200000Z-abcd' 'ops@ci' '/run/netune.lock' '600'\n";
        assertTrue(restore.startsWith("#!/bin/sh\n"), restore);
        assertTrue(restore.contains(begin) && restore.indexOf("echo undo") > restore.indexOf(begin), restore);
        assertTrue(restore.endsWith("echo undo\nnetune_restore_end '/var/lib/netune/restore' '20261128T200000Z-abcd'\n"), restore);
        String library = ShellScript.library("restore");
        assertTrue(library.indexOf("mkdir \"$1/$2.claimed\" 2>/dev/null || exit 0") < library.indexOf("flock -w \"$5\" 9"), library);
    }

    @Test
    void armingWritesTheScriptQuotedAndUsesSystemdOnlyInItsOwnNetworkNamespace() {
        String restore = AutoRestore.restoreScript(SNAPSHOT, "echo 'undo'\n");
        String arm = AutoRestore.armScript(SNAPSHOT, restore, Duration.ofSeconds(90));
        assertTrue(arm.endsWith("netune_restore_arm '/var/lib/netune/restore' '20261128T200000Z-abcd' " + Shell.quote(restore)
                + " '90' '7' 'netune-restore-20261128T200000Z-abcd'\n"), arm);
        assertTrue(arm.contains("[ \"$(readlink /proc/1/ns/net)\" = \"$(readlink /proc/self/ns/net)\" ]"), arm);
        assertTrue(arm.contains("systemd-run --quiet --unit=\"$1\" --on-active=\"$2\""), arm);
        // the detached timer does not inherit the apply's lock: it would hold it for the whole confirm window
        assertTrue(arm.contains("setsid sh -c 'sleep \"$1\"; exec sh \"$2\"' netune-restore \"$2\" \"$3\""
                + " </dev/null >/dev/null 2>&1 " + HostGuard.LOCK_FD + ">&- &\n"), arm);
        assertTrue(arm.contains("nohup sh -c 'sleep \"$1\"; exec sh \"$2\"' netune-restore \"$2\" \"$3\""
                + " </dev/null >/dev/null 2>&1 " + HostGuard.LOCK_FD + ">&- &\n"), arm);
        assertTrue(arm.contains("printf '@@netune armed %s failed\\n' \"$2\"; printf '%s\\n' \"$err\"; exit 0"), arm);
    }

    @Test
    void aFailedArmingRefusesTheApply() {
        var sections = GatherOutput.split("@@netune snapshot x ok\n@@netune armed 20261128T200000Z-abcd failed\n"
                + "mkdir: cannot create directory: Read-only file system\n");
        assertEquals(Optional.of("could not arm the automatic restore (mkdir: cannot create directory: Read-only file"
                + " system); nothing changed"), AutoRestore.armFailure(sections));
        assertEquals(Optional.empty(), AutoRestore.armFailure(GatherOutput.split("@@netune armed x ok\n")));
    }

    @Test
    void verdictsOfTheConfirmation() {
        String id = SNAPSHOT.id();
        assertEquals(Optional.of(AutoRestore.Verdict.CONFIRMED),
                AutoRestore.verdict(id, GatherOutput.split("@@netune confirm " + id + " confirmed\n")));
        assertEquals(Optional.of(AutoRestore.Verdict.RESTORED),
                AutoRestore.verdict(id, GatherOutput.split("@@netune confirm " + id + " restored\ndone\n")));
        assertEquals(Optional.of(AutoRestore.Verdict.RESTORING),
                AutoRestore.verdict(id, GatherOutput.split("@@netune confirm " + id + " restored\n")));
        assertEquals(Optional.of(AutoRestore.Verdict.UNARMED),
                AutoRestore.verdict(id, GatherOutput.split("@@netune confirm " + id + " unarmed\n")));
        assertEquals(Optional.empty(), AutoRestore.verdict(id, GatherOutput.split("@@netune confirm other confirmed\n")));
    }

    @Test
    void theConfirmationTakesTheClaimBeforeItStopsTheTimer() {
        String confirm = AutoRestore.confirmScript(SNAPSHOT.id());
        assertTrue(confirm.endsWith("netune_restore_confirm '/var/lib/netune/restore' '20261128T200000Z-abcd'"
                + " 'netune-restore-20261128T200000Z-abcd'\n"), confirm);
        assertTrue(confirm.contains("if mkdir \"$1/$2.claimed\" 2>/dev/null; then\n    systemctl stop \"$3.timer\""), confirm);
    }

    @Test
    void onlyTheApplyItselfCanAllowAServiceRestart() {
        Snapshot snap = Snapshot.of(List.of(), "tuner@ci");
        String plain = ApplyScript.of(List.of(), snap, ApplyPolicy.DEFAULT, false);
        assertTrue(plain.contains("unset NETUNE_ALLOW_SERVICE_RESTART\n"), plain);
        assertTrue(!plain.contains(ApplyPolicy.ALLOW_RESTART_LINE), plain);
        String allowed = ApplyScript.of(List.of(), snap, new ApplyPolicy(Duration.ofSeconds(120), false, true), false);
        assertTrue(allowed.indexOf("unset NETUNE_ALLOW_SERVICE_RESTART\n")
                < allowed.indexOf(ApplyPolicy.ALLOW_RESTART_LINE), allowed);
    }

    @Test
    void theControllersNameCannotLeaveTheCommentOfARootScript() {
        String saved = System.getProperty("user.name");
        try {
            System.setProperty("user.name", "x\ntouch /tmp/pwned #");
            String by = Snapshot.controller();
            assertTrue(by.matches("[A-Za-z0-9@._+?-]+"), by);
            String restore = AutoRestore.restoreScript(Snapshot.of(List.of(), by), "");
            assertTrue(restore.lines().noneMatch(l -> l.startsWith("touch")), restore);
        } finally {
            System.setProperty("user.name", saved);
        }
    }

    @Test
    void aHostWithoutFlockIsRefused() {
        String guard = HostGuard.lockScript(SNAPSHOT);
        assertTrue(guard.contains("else echo '@@netune unlocked'; exit 0; fi\n"), guard);
        assertTrue(guard.endsWith("netune_lock '/run/netune.lock' '/run/netune.owner' 'ops@ci, snapshot 20261128T200000Z-abcd'\n"), guard);
        assertEquals(Optional.of("flock is missing on web-1 (util-linux); netune refuses to apply unlocked; nothing changed"),
                HostGuard.refusal(GatherOutput.split("@@netune unlocked\n"), "web-1"));
    }
}
