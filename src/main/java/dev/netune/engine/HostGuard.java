package dev.netune.engine;

import dev.netune.fact.GatherOutput;
import dev.netune.fact.Section;
import dev.netune.transport.Shell;
import java.util.List;
import java.util.Optional;

/**
 * What every apply execution does before changing anything: take the host-side lock, so two
 * applies never interleave on one host, and save the snapshot of before-values.
 */
final class HostGuard {
    static final String LOCK = "/run/netune.lock";
    static final String OWNER = "/run/netune.owner";
    /** The descriptor of the apply's shell that holds the lock; nothing the apply starts in the background may keep it. */
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
        String owner = Shell.quote(snapshot.by() + ", snapshot " + snapshot.id());
        return "if command -v flock >/dev/null 2>&1; then\n"
                + "  exec " + LOCK_FD + ">>" + Shell.quote(LOCK) + "\n"
                + "  if ! flock -n " + LOCK_FD + "; then " + GatherOutput.markerCommand("locked") + "; cat "
                + Shell.quote(OWNER) + " 2>/dev/null; exit 0; fi\n"
                + "  printf '%s, pid %s\\n' " + owner + " \"$$\" > " + Shell.quote(OWNER) + "\n"
                + "else " + GatherOutput.markerCommand("unlocked") + "; exit 0; fi\n";
    }

    /**
     * The fragment that saves the snapshot, once the lock is held and the before-values are
     * checked ({@link BeforeCheck}); it removes the oldest beyond {@link Snapshot#KEEP} by the host's clock.
     */
    static String snapshotScript(Snapshot snapshot) {
        String dir = Shell.quote(Snapshot.DIR);
        String file = Shell.quote(snapshot.path());
        return "if err=$( { mkdir -p " + dir + " && chmod 0700 " + dir + " && printf '%s\\n' "
                + Shell.quote(snapshot.toJson()) + " > " + file + ".tmp && mv -f " + file + ".tmp " + file + "; } 2>&1 ); then\n"
                + "  " + GatherOutput.markerCommand("snapshot", snapshot.id(), "ok") + "\n"
                // oldest by the host's clock (mtime), not by id: ids carry the applying controller's clock
                + "  ls -1t " + dir + "/ 2>/dev/null | grep '\\.json$' | tail -n +" + (Snapshot.KEEP + 1)
                + " | while IFS= read -r old; do rm -f " + dir + "/\"$old\"; done\n"
                + "else " + GatherOutput.markerCommand("snapshot", snapshot.id(), "failed")
                + "; printf '%s\\n' \"$err\"; exit 0; fi\n";
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
