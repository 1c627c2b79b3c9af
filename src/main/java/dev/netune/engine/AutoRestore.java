package dev.netune.engine;

import dev.netune.fact.GatherOutput;
import dev.netune.fact.Section;
import dev.netune.transport.Shell;
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
    /**
     * The detached timer must not inherit the apply's lock descriptor ({@link HostGuard#LOCK_FD}):
     * an flock belongs to the open file, so a sleeping child holding it would keep the host locked
     * for the whole confirm window, refusing every apply, even the second round of this one.
     */
    private static final String NO_LOCK = HostGuard.LOCK_FD + ">&-";

    private AutoRestore() {
    }

    static String unit(String id) {
        return "netune-restore-" + id;
    }

    private static String file(String id, String suffix) {
        return Shell.quote(DIR + "/" + id + suffix);
    }

    /**
     * The restore script itself: claim, log to a file, wait for the host lock, apply the inverse
     * changes ({@code changes}, built by the kinds like any apply), then drop the script.
     */
    static String restoreScript(Snapshot snapshot, String changes) {
        String id = snapshot.id();
        return "#!/bin/sh\n"
                + "# netune: automatic restore of snapshot " + id + " (applied by " + snapshot.by() + ").\n"
                + "# Runs unless netune confirmed that apply over a new SSH connection.\n"
                + "mkdir " + file(id, ".claimed") + " 2>/dev/null || exit 0\n"
                + "exec >" + file(id, ".log") + " 2>&1\n"
                + "export LC_ALL=C\nPATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH\numask 022\n"
                + "if command -v flock >/dev/null 2>&1; then exec " + HostGuard.LOCK_FD + ">>" + Shell.quote(HostGuard.LOCK)
                + "; flock -w " + LOCK_WAIT_SECONDS + " " + HostGuard.LOCK_FD + "; fi\n"
                + GatherOutput.markerCommand("restore", id, "started") + "\n"
                + changes
                + GatherOutput.markerCommand("restore", id, "done") + "\n"
                + "rm -f " + file(id, ".sh") + "\n";
    }

    /**
     * Apply-script fragment, after the lock and the snapshot and before any change: writes the
     * restore script and arms its timer. If that fails the apply stops there, nothing changed.
     */
    static String armScript(Snapshot snapshot, String restoreScript, Duration timeout) {
        String id = snapshot.id();
        long seconds = Math.max(1, timeout.toSeconds());
        String dir = Shell.quote(DIR);
        String script = file(id, ".sh");
        return "netune_arm() {\n"
                + "  if [ -d /run/systemd/system ] && command -v systemd-run >/dev/null 2>&1"
                + " && [ \"$(readlink /proc/1/ns/net)\" = \"$(readlink /proc/self/ns/net)\" ]; then\n"
                + "    systemd-run --quiet --unit=" + Shell.quote(unit(id)) + " --on-active=" + seconds
                + " --timer-property=AccuracySec=1s /bin/sh " + script + "\n"
                + "  elif command -v setsid >/dev/null 2>&1; then\n"
                + "    setsid sh -c 'sleep \"$1\"; exec sh \"$2\"' netune-restore " + seconds + " " + script
                + " </dev/null >/dev/null 2>&1 " + NO_LOCK + " &\n"
                + "  else\n"
                + "    nohup sh -c 'sleep \"$1\"; exec sh \"$2\"' netune-restore " + seconds + " " + script
                + " </dev/null >/dev/null 2>&1 " + NO_LOCK + " &\n"
                + "  fi\n"
                + "}\n"
                + "if err=$( { mkdir -p " + dir + " && chmod 0700 " + dir
                + " && find " + dir + " -mindepth 1 -maxdepth 1 -mtime +" + KEEP_DAYS + " -exec rm -rf {} + "
                + " && printf '%s' " + Shell.quote(restoreScript) + " > " + script + " && netune_arm; } 2>&1 ); then\n"
                + "  " + GatherOutput.markerCommand("armed", id, "ok") + "\n"
                + "else " + GatherOutput.markerCommand("armed", id, "failed")
                + "; printf '%s\\n' \"$err\"; exit 0; fi\n";
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
        return "if mkdir " + file(id, ".claimed") + " 2>/dev/null; then\n"
                + "  systemctl stop " + Shell.quote(unit(id) + ".timer") + " >/dev/null 2>&1\n"
                + "  rm -f " + file(id, ".sh") + "\n"
                + "  " + GatherOutput.markerCommand("confirm", id, "confirmed") + "\n"
                + "else\n"
                + "  " + GatherOutput.markerCommand("confirm", id, "restored") + "\n"
                + summary(id)
                + "fi\n";
    }

    /**
     * Run over a new connection when the apply itself was cut short: the host's state is not
     * known, so the restore runs now rather than at the timer (a no-op if it already ran).
     */
    static String restoreNowScript(String id) {
        return "if [ -f " + file(id, ".sh") + " ]; then systemctl stop " + Shell.quote(unit(id) + ".timer")
                + " >/dev/null 2>&1; sh " + file(id, ".sh") + "; fi\n"
                + "if [ -d " + file(id, ".claimed") + " ]; then\n"
                + "  " + GatherOutput.markerCommand("confirm", id, "restored") + "\n"
                + summary(id)
                + "else " + GatherOutput.markerCommand("confirm", id, "unarmed") + "; fi\n";
    }

    /**
     * One short line: whether the restore finished. The session may still be one that large
     * replies cannot cross (the MTU case), so the log itself stays on the host; netune checks
     * the restored values by reading the host's facts again.
     */
    private static String summary(String id) {
        return "  grep -q '^@@netune restore .* done$' " + file(id, ".log") + " 2>/dev/null && echo done\n";
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
