package dev.netune.setting.limits;

import dev.netune.fact.HostFacts;
import dev.netune.plan.Change;
import dev.netune.plan.HostPlan;
import dev.netune.plan.NoOp;
import dev.netune.plan.PlanError;
import dev.netune.setting.OwnedFile;
import dev.netune.setting.PlanContext;
import dev.netune.setting.shared.Shared;
import dev.netune.setting.shared.SysctlFacts;
import static dev.netune.setting.limits.LimitsKind.FILE_KIND;
import static dev.netune.setting.limits.LimitsKind.FILE_MAX;
import static dev.netune.setting.limits.LimitsKind.HEADER;
import static dev.netune.setting.limits.LimitsKind.KIND;
import static dev.netune.setting.limits.LimitsKind.LIMITS_FILE;
import static dev.netune.setting.limits.LimitsKind.NR_OPEN;
import static dev.netune.setting.limits.LimitsKind.SYSCTL_FILE;
import static dev.netune.setting.limits.LimitsKind.SYSTEMD_FILE;
import static dev.netune.setting.limits.LimitsKind.TAKES_EFFECT;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The limits kind's pure planner: desired limits and the host's facts in, changes out. The two
 * kernel ceilings are floors planned as sysctl changes; the nofile hard limit is checked against
 * fs.nr_open as it will be after this plan, so an apply never locks logins out.
 */
final class LimitsPlanner {
    private LimitsPlanner() {
    }

    /** A kernel ceiling after this plan: the value it will hold, or why it is not known. */
    private record Ceiling(OptionalLong after, String problem) {
    }

    /**
     * fs.file-max and fs.nr_open are also plain sysctls: wanted under both {@code sysctl:} and
     * {@code limits:} (in one profile or across a host's profiles) with different values, the
     * two kinds would write each other's value; that is an error, nothing is applied. The same
     * value twice is only a warning.
     */
    static void plan(LimitsDesired desired, PlanContext context, HostFacts facts, HostPlan.Builder out) {
        java.util.Map<String, String> sysctls = context.get(Shared.WANTED_SYSCTLS)
                .map(Shared.WantedSysctls::values).orElse(java.util.Map.of());
        boolean conflict = sameKeyTwice(FILE_MAX, "limits.fileMax", desired.fileMax(), sysctls.get(FILE_MAX), out)
                | sameKeyTwice(NR_OPEN, "limits.nrOpen", desired.nrOpen(), sysctls.get(NR_OPEN), out);
        if (!conflict) {
            plan(desired, facts, sysctls, out);
        }
    }

    /** Whether the key is wanted with two different values (an error, recorded); the same value warns. */
    private static boolean sameKeyTwice(String key, String yamlKey, OptionalLong limit, String sysctl,
                                        HostPlan.Builder out) {
        if (sysctl == null || limit.isEmpty()) {
            return false;
        }
        if (sysctl.equals(Long.toString(limit.getAsLong()))) {
            out.warning(key + " is set under both sysctl: and " + yamlKey + " (" + sysctl + "): keep one");
            return false;
        }
        out.error(new PlanError(KIND, key, key + " is wanted as " + sysctl + " under sysctl: and as "
                + limit.getAsLong() + " by " + yamlKey + ": set it in one place"));
        return true;
    }

    static void plan(LimitsDesired desired, HostFacts facts, HostPlan.Builder out) {
        plan(desired, facts, java.util.Map.of(), out);
    }

    /**
     * {@code sysctls} are the host's wanted plain sysctls: an fs.nr_open or fs.file-max set there
     * (exactly, possibly lower than now) is the ceiling the lock-out guard must check against.
     */
    private static void plan(LimitsDesired desired, HostFacts facts, java.util.Map<String, String> sysctls,
                      HostPlan.Builder out) {
        SysctlFacts kernel = facts.get(KernelLimits.SOURCE);
        LimitsFacts lf = facts.get(LimitsFacts.SOURCE);
        SortedMap<String, Long> persist = new TreeMap<>();
        Ceiling fileMax = bySysctl(FILE_MAX, sysctls,
                ceiling(FILE_MAX, "limits.fileMax", desired.fileMax(), kernel, persist, out));
        Ceiling nrOpen = bySysctl(NR_OPEN, sysctls,
                ceiling(NR_OPEN, "limits.nrOpen", desired.nrOpen(), kernel, persist, out));
        if (desired.fileMax().isPresent() || desired.nrOpen().isPresent()) {
            planSysctlFile(persist, lf, kernel, desired, out);
        }
        desired.nofile().ifPresent(n -> planNofile(n, nrOpen, desired.nrOpen().isPresent(), lf, out));
        desired.systemd().ifPresent(s -> planSystemd(s, nrOpen, desired.nrOpen().isPresent(), lf, out));
        if (fileMax.after().isPresent() && nrOpen.after().isPresent()
                && nrOpen.after().getAsLong() > fileMax.after().getAsLong()
                && (desired.fileMax().isPresent() || desired.nrOpen().isPresent())) {
            out.warning("fs.nr_open " + nrOpen.after().getAsLong() + " is above fs.file-max " + fileMax.after().getAsLong()
                    + " after this plan: one process may then hold more descriptors than the whole kernel allows;"
                    + " raise limits.fileMax to at least limits.nrOpen");
        }
    }

    /** The ceiling after this plan when the sysctl kind sets the key (limits: does not, or the same value). */
    private static Ceiling bySysctl(String key, java.util.Map<String, String> sysctls, Ceiling fromLimits) {
        String wanted = sysctls.get(key);
        if (wanted == null) {
            return fromLimits;
        }
        try {
            return new Ceiling(OptionalLong.of(Long.parseLong(wanted.strip())), null);
        } catch (NumberFormatException e) {
            return fromLimits;
        }
    }

    /**
     * Plans one kernel ceiling as a floor: raised when below the wanted value (a sysctl change,
     * applied by the sysctl kind), left as is when at or above it.
     */
    private static Ceiling ceiling(String key, String yamlKey, OptionalLong want, SysctlFacts kernel,
                                   SortedMap<String, Long> persist, HostPlan.Builder out) {
        SysctlFacts.Reading r = kernel.values().get(key);
        OptionalLong live = OptionalLong.empty();
        String problem = null;
        if (r == null || r.status() == SysctlFacts.Reading.Status.MISSING) {
            problem = key + " does not exist on this host";
        } else if (r.status() == SysctlFacts.Reading.Status.UNREADABLE) {
            problem = "cannot read " + key + ": " + r.value().strip();
        } else {
            try {
                live = OptionalLong.of(Long.parseLong(r.value().strip()));
            } catch (NumberFormatException e) {
                problem = key + " reads '" + r.value().strip() + "', not a number";
            }
        }
        if (want.isEmpty()) {
            return new Ceiling(live, problem);
        }
        long w = want.getAsLong();
        if (problem != null) {
            out.error(new PlanError(KIND, key, problem));
            return new Ceiling(OptionalLong.empty(), problem);
        }
        long now = live.getAsLong();
        if (now < w) {
            out.change(new Change(KernelLimits.CHANGE_KIND, key, Long.toString(now), Long.toString(w),
                    List.of("from " + yamlKey + ", a floor; global to the kernel")));
            persist.put(key, w);
            return new Ceiling(OptionalLong.of(w), null);
        }
        if (now == w) {
            out.noop(new NoOp(KernelLimits.CHANGE_KIND, key, key + " is already " + w));
            persist.put(key, w);
        } else {
            out.noop(new NoOp(KernelLimits.CHANGE_KIND, key, key + " is " + now + ", above " + yamlKey + " " + w
                    + "; left as is (netune never lowers a file limit)"));
        }
        return new Ceiling(live, null);
    }

    /**
     * The persistence file holds the ceilings at their floor (the ones this host does not exceed),
     * so a boot-time maximum set by systemd is never lowered by it.
     */
    private static void planSysctlFile(SortedMap<String, Long> persist, LimitsFacts lf, SysctlFacts kernel,
                                       LimitsDesired desired, HostPlan.Builder out) {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        persist.forEach((k, v) -> sb.append(k).append(" = ").append(v).append('\n'));
        if (persist.isEmpty() && lf.sysctlFile().isEmpty()) {
            out.noop(new NoOp(FILE_KIND, SYSCTL_FILE, "the host's file limits are above the profile's;"
                    + " nothing to persist"));
        } else {
            planFile(SYSCTL_FILE, lf.sysctlFile(), sb.toString(), List.of("persists the limits across reboots"), out);
        }
        kernel.persistedFile().ifPresent(other -> {
            for (String key : List.of(FILE_MAX, NR_OPEN)) {
                boolean wanted = key.equals(FILE_MAX) ? desired.fileMax().isPresent() : desired.nrOpen().isPresent();
                if (wanted && other.lines().anyMatch(l -> l.strip().matches(java.util.regex.Pattern.quote(key) + "\\s*=.*"))) {
                    out.warning(key + " is also set by the sysctl kind in " + KernelLimits.SYSCTL_KIND_FILE
                            + ", which is read after " + SYSCTL_FILE + " at boot and wins: set it in one place"
                            + " (limits." + (key.equals(FILE_MAX) ? "fileMax" : "nrOpen") + ")");
                }
            }
        });
    }

    private static void planNofile(LimitsDesired.Nofile n, Ceiling nrOpen, boolean nrOpenWanted, LimitsFacts lf,
                                   HostPlan.Builder out) {
        if (nrOpen.after().isEmpty()) {
            if (!nrOpenWanted) {
                out.error(new PlanError(KIND, LIMITS_FILE, "cannot check nofile against fs.nr_open: " + nrOpen.problem()));
            }
        } else if (n.hard() > nrOpen.after().getAsLong()) {
            out.error(new PlanError(KIND, LIMITS_FILE, "nofile hard limit " + n.hard() + " is above fs.nr_open "
                    + nrOpen.after().getAsLong() + " (after this plan): pam_limits could not set it and would refuse"
                    + " every PAM login, SSH included; raise limits.nrOpen to at least " + n.hard()
                    + " or lower nofile.hard"));
        }
        String content = limitsContent(n);
        boolean changes = lf.limitsFile().isEmpty() || !OwnedFile.sameContent(lf.limitsFile().get(), content);
        List<String> notes = new ArrayList<>(List.of("new login sessions get it; running ones keep their limits"));
        String user = lf.sessionUser();
        boolean root = user.equals("root");
        boolean covered = root ? n.users().contains("root") : n.users().contains("*") || n.users().contains(user)
                || lf.sessionGroups().stream().anyMatch(g -> n.users().contains("@" + g));
        if (!user.isEmpty() && root && !covered) {
            out.warning("nofile.users does not name root, and pam_limits never applies '*' or @group lines to root:"
                    + " root's sessions keep nofile soft " + lf.sessionSoft() + ", hard " + lf.sessionHard());
        } else if (!user.isEmpty() && covered && !(lf.sessionSoft().equals(Long.toString(n.soft()))
                && lf.sessionHard().equals(Long.toString(n.hard())))) {
            String now = "a new login session of " + user + " gets nofile soft " + lf.sessionSoft() + ", hard "
                    + lf.sessionHard();
            if (changes) {
                notes.add(now + " now");
            } else {
                out.warning(now + ", not soft " + n.soft() + ", hard " + n.hard() + " although " + LIMITS_FILE
                        + " holds them: a line naming the user or an @group wins over '*'"
                        + (lf.otherNofileLines().isEmpty() ? "" : " (" + String.join("; ", lf.otherNofileLines()) + ")")
                        + ", or the login does not run pam_limits (sshd UsePAM no)");
            }
        }
        planFile(LIMITS_FILE, lf.limitsFile(), content, notes, out);
    }

    private static void planSystemd(LimitsDesired.SystemdNofile s, Ceiling nrOpen, boolean nrOpenWanted,
                                    LimitsFacts lf, HostPlan.Builder out) {
        if (nrOpen.after().isEmpty()) {
            if (!nrOpenWanted) {
                out.error(new PlanError(KIND, SYSTEMD_FILE, "cannot check DefaultLimitNOFILE against fs.nr_open: "
                        + nrOpen.problem()));
            }
        } else if (s.hard() > nrOpen.after().getAsLong()) {
            out.error(new PlanError(KIND, SYSTEMD_FILE, "DefaultLimitNOFILE hard limit " + s.hard()
                    + " is above fs.nr_open " + nrOpen.after().getAsLong() + " (after this plan): services could not"
                    + " get it and would fail to start; raise limits.nrOpen or lower systemd.defaultLimitNOFILE"));
        }
        String content = HEADER + "\n[Manager]\nDefaultLimitNOFILE=" + s.value() + "\n";
        boolean changes = lf.systemdFile().isEmpty() || !OwnedFile.sameContent(lf.systemdFile().get(), content);
        planFile(SYSTEMD_FILE, lf.systemdFile(), content, List.of("for services started by systemd"), out);
        if (!lf.systemdBooted()) {
            out.warning("systemd is not running on this host (no /run/systemd/system): " + SYSTEMD_FILE
                    + " has no effect here");
        } else if (changes) {
            out.warning(TAKES_EFFECT);
        } else if (lf.systemd().isPresent() && !(lf.systemd().get().soft().equals(Long.toString(s.soft()))
                && lf.systemd().get().hard().equals(Long.toString(s.hard())))) {
            out.warning("systemd runs with DefaultLimitNOFILE soft " + lf.systemd().get().soft() + ", hard "
                    + lf.systemd().get().hard() + ", not " + s.value() + " from " + SYSTEMD_FILE + ": " + TAKES_EFFECT);
        }
    }

    private static void planFile(String path, Optional<String> current, String content, List<String> notes,
                                 HostPlan.Builder out) {
        if (current.isPresent() && OwnedFile.sameContent(current.get(), content)) {
            out.noop(new NoOp(FILE_KIND, path, path + " already holds these limits"));
        } else {
            out.change(new Change(FILE_KIND, path, current.orElse(null), content, notes));
        }
    }

    /** The limits.d file's whole text: a header, then soft and hard lines per user, in profile order. */
    static String limitsContent(LimitsDesired.Nofile n) {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (String u : n.users()) {
            sb.append(u).append(" soft nofile ").append(n.soft()).append('\n');
            sb.append(u).append(" hard nofile ").append(n.hard()).append('\n');
        }
        return sb.toString();
    }
}
