package dev.netune.engine;

import dev.netune.fact.Section;
import dev.netune.transport.ShellScript;
import java.util.List;
import java.util.Optional;

/**
 * What every apply execution does before changing anything: take the host-side lock, so two
 * applies never interleave on one host, and save the snapshot of before-values.
 */
final class HostGuard {
    static final String LOCK = "/run/netune.lock";
    static final String OWNER = "/run/netune.owner";
    /**
     * The descriptor of the apply's shell that holds the lock; nothing the apply starts in the
     * background may keep it. Written as a literal in host-lock.sh, restore.sh and restore-run.sh
     * (a redirection cannot take it from a variable).
     */
    static final int LOCK_FD = 9;

    private HostGuard() {
    }

    /**
     * The lock fragment. The lock is an flock on an fd of the script's shell, released when the script
     * ends however it ends (killed, connection dropped). Without flock (no util-linux) the apply
     * stops here: two unlocked applies (or an apply and a restore) could interleave their writes
     * and their snapshots, and a rollback would then restore the wrong values.
     */
    static String lockScript(Snapshot snapshot) {
        return ShellScript.library("host-lock")
                + ShellScript.call("netune_lock", LOCK, OWNER, snapshot.by() + ", snapshot " + snapshot.id());
    }

    /**
     * The fragment that saves the snapshot, once the lock is held and the before-values are
     * checked ({@link BeforeCheck}); it removes the oldest beyond {@link Snapshot#KEEP} by the host's clock.
     */
    static String snapshotScript(Snapshot snapshot) {
        return ShellScript.library("snapshot-save") + ShellScript.call("netune_snapshot_save", Snapshot.DIR, snapshot.path(),
                snapshot.id(), snapshot.toJson(), String.valueOf(Snapshot.KEEP + 1));
    }

    /** Why nothing was applied on {@code host} (locked, no flock, or the snapshot could not be saved), if so. */
    static Optional<String> refusal(List<Section> sections, String host) {
        for (Section s : sections) {
            if (s.kind().equals("unlocked")) {
                return Optional.of("flock is missing on " + host + " (util-linux); netune refuses to apply unlocked;"
                        + " nothing changed");
            }
            if (s.kind().equals("locked")) {
                String owner = s.body().strip();
                return Optional.of("locked by another netune apply (" + (owner.isEmpty() ? "owner unknown" : owner)
                        + "); nothing changed");
            }
            if (s.kind().equals("snapshot") && s.arg(1).equals("failed")) {
                return Optional.of("could not save the snapshot under " + Snapshot.DIR + " (" + s.body().strip()
                        + "); nothing changed");
            }
        }
        return Optional.empty();
    }
}
