package dev.netune.engine;

import dev.netune.fact.Section;
import dev.netune.transport.ShellScript;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Confirmed apply, on the host's side: before a change that can cut netune's SSH session is
 * made, the apply script writes a restore script (the snapshot's inverse changes) and arms a
 * timer that runs it after the confirm timeout. netune disarms it only after a new SSH connection
 * has read the host's facts again, so a change that leaves the host unmanageable undoes itself.
 *
 * <p>The timer is a transient systemd timer ({@code systemd-run --on-active}) where systemd
 * manages the script's network namespace, else a detached {@code sleep} (containers, network
 * namespaces: systemd would run the restore in its own namespace, on the wrong NICs). Either way
 * the restore and the confirmation race for one atomic claim, {@code mkdir ID.claimed}: exactly
 * one of them acts.
 */
final class AutoRestore {
    static final String DIR = "/var/lib/netune/restore";
    /** How long a restore waits for the host lock held by a still-running apply. */
    static final int LOCK_WAIT_SECONDS = 600;
    /** Claims and logs older than this many days are removed when a new restore is armed. */
    static final int KEEP_DAYS = 7;
    /** What a restore-now command keeps of its deadline to report and close its session. */
    private static final Duration RESTORE_NOW_MARGIN = Duration.ofSeconds(5);

    private AutoRestore() {
    }

    static String unit(String id) {
        return "netune-restore-" + id;
    }

    /**
     * The restore script itself: claim, log to a file, wait for the host lock, apply the inverse
     * changes ({@code changes}, built by the kinds like any apply), then drop the script.
     */
    static String restoreScript(Snapshot snapshot, String changes) {
        String id = snapshot.id();
        return "#!/bin/sh\n"
                + "# netune: automatic restore of a snapshot (netune_restore_begin's arguments say which, and who applied it).\n"
                + "# Runs unless netune confirmed that apply over a new SSH connection.\n"
                + ShellScript.library("restore")
                + ShellScript.call("netune_restore_begin", DIR, id, snapshot.by(), HostGuard.LOCK, String.valueOf(LOCK_WAIT_SECONDS))
                + changes
                + ShellScript.call("netune_restore_end", DIR, id);
    }

    /**
     * Apply-script fragment, after the lock and the snapshot and before any change: writes the
     * restore script and arms its timer. If that fails the apply stops there, nothing changed.
     */
    static String armScript(Snapshot snapshot, String restoreScript, Duration timeout) {
        String id = snapshot.id();
        long seconds = Math.max(1, timeout.toSeconds());
        return ShellScript.library("restore-run") + ShellScript.library("restore-arm")
                + ShellScript.call("netune_restore_arm", DIR, id, restoreScript, String.valueOf(seconds),
                        String.valueOf(KEEP_DAYS), unit(id));
    }

    /** Why the restore could not be armed (the apply then changed nothing), if so. */
    static Optional<String> armFailure(List<Section> sections) {
        return sections.stream().filter(s -> s.kind().equals("armed") && s.arg(1).equals("failed")).findFirst()
                .map(s -> "could not arm the automatic restore (" + s.body().strip() + "); nothing changed");
    }

    /**
     * Run over a new connection: wins the claim and disarms the timer, or reports that the
     * restore already claimed it (it ran, or is running).
     */
    static String confirmScript(String id) {
        return ShellScript.library("restore-confirm") + ShellScript.call("netune_restore_confirm", DIR, id, unit(id));
    }

    /**
     * Run over a new connection when the apply itself was cut short: the host's state is not
     * known, so the restore starts now rather than at the timer (not again if it started). It
     * runs apart from this command, whose deadline kills the command's process group: a restore
     * killed half way would keep its claim, and the timer's run would then do nothing. The command
     * waits for it up to {@link #RESTORE_NOW_MARGIN} short of {@code commandTimeout}; the caller
     * asks again while it has not finished. The reply is one short line, not the log: the session
     * may still be one that large replies cannot cross (the MTU case); netune checks the restored
     * values by reading the facts again.
     */
    static String restoreNowScript(String id, Duration commandTimeout) {
        long wait = Math.max(0, commandTimeout.minus(RESTORE_NOW_MARGIN).toSeconds());
        return ShellScript.library("restore-run") + ShellScript.library("restore-confirm")
                + ShellScript.call("netune_restore_now", DIR, id, unit(id), String.valueOf(wait));
    }

    /**
     * What the host says: the confirmation won the claim, the restore did (finished, or still
     * running), or nothing was ever armed (the apply stopped before it changed anything).
     */
    enum Verdict { CONFIRMED, RESTORED, RESTORING, UNARMED }

    static Optional<Verdict> verdict(String id, List<Section> sections) {
        for (Section s : sections) {
            if (s.kind().equals("confirm") && s.arg(0).equals(id)) {
                return Optional.of(switch (s.arg(1)) {
                    case "confirmed" -> Verdict.CONFIRMED;
                    case "unarmed" -> Verdict.UNARMED;
                    default -> s.body().lines().anyMatch("done"::equals) ? Verdict.RESTORED : Verdict.RESTORING;
                });
            }
        }
        return Optional.empty();
    }
}
