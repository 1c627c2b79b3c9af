package dev.netune.setting.limits;

import dev.netune.plan.ChangeKind;
import dev.netune.fact.FactSource;
import dev.netune.fact.HostFacts;
import dev.netune.fact.Section;
import dev.netune.plan.Change;
import dev.netune.plan.HostPlan;
import dev.netune.plan.NoOp;
import dev.netune.plan.PlanError;
import dev.netune.profile.YamlNode;
import dev.netune.setting.ChangeResult;
import dev.netune.setting.OwnedFile;
import dev.netune.setting.PlanContext;
import dev.netune.setting.SettingKind;
import dev.netune.setting.shared.Shared;
import dev.netune.setting.shared.SysctlFacts;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * File-descriptor limits ({@code limits:}): the kernel-wide ceilings fs.file-max and fs.nr_open,
 * the nofile limit pam_limits gives login sessions, and systemd's default for services.
 *
 * <p>The two sysctls are planned as {@code sysctl} changes, so the sysctl kind writes and verifies
 * them live (no second copy of that code); their persistence is a file of this kind's own. They
 * are floors: a host that already allows more is left alone (systemd raises both to their maximum
 * at boot, and lowering a file limit never helps). Before anything is applied, a nofile hard limit
 * above the host's fs.nr_open is refused: pam_limits would then fail every login, SSH included.
 */
public final class LimitsKind implements SettingKind<LimitsDesired> {
    public static final ChangeKind KIND = ChangeKind.of("limits");
    /** Change kind of the files this kind owns. */
    public static final ChangeKind FILE_KIND = ChangeKind.of("limits-file");
    /** Read by pam_limits at every login after /etc/security/limits.conf; never a user's own file. */
    public static final String LIMITS_FILE = "/etc/security/limits.d/90-netune.conf";
    /** A drop-in systemd reads when it starts (boot or daemon-reexec). */
    public static final String SYSTEMD_FILE = "/etc/systemd/system.conf.d/90-netune.conf";
    /** Sorts before the sysctl kind's 99-zz-netune.conf and after 99-sysctl.conf. */
    public static final String SYSCTL_FILE = "/etc/sysctl.d/99-zz-netune-limits.conf";
    static final String FILE_MAX = "fs.file-max";
    static final String NR_OPEN = "fs.nr_open";
    static final String HEADER = """
            # Managed by netune. Do not edit: `netune apply` rewrites this file.
            # Change the profile instead; `netune drift` reports edits made here.""";
    static final String TAKES_EFFECT = "systemd reads DefaultLimitNOFILE only when it starts: the drop-in takes effect"
            + " at next boot or `systemctl daemon-reexec` (apply --allow-service-restart runs it), and running services"
            + " keep their limits until restarted";

    @Override
    public String key() {
        return KIND.name();
    }

    @Override
    public Optional<LimitsDesired> load(YamlNode node) {
        return LimitsSchema.load(node);
    }

    @Override
    public LimitsDesired merge(LimitsDesired base, LimitsDesired override) {
        return base.overlay(override);
    }

    @Override
    public List<FactSource<?>> facts(LimitsDesired desired) {
        return List.of(KernelLimits.SOURCE, LimitsFacts.SOURCE);
    }

    @Override
    public List<FactSource<?>> defaultFacts() {
        return List.of(KernelLimits.SOURCE, LimitsFacts.SOURCE);
    }

    @Override
    public boolean owns(Change change) {
        return change.is(FILE_KIND) || change.is(KIND);
    }

    /**
     * A file netune wrote goes back to its old text, or away if the apply created it. (The
     * ceilings themselves are sysctl changes: the sysctl kind puts them back.)
     */
    @Override
    public Optional<Change> revert(Change applied) {
        if (!applied.is(FILE_KIND)) {
            return Optional.empty();
        }
        return Optional.of(new Change(FILE_KIND, applied.target(), applied.after(), applied.before(), List.of("rollback")));
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
    @Override
    public void plan(LimitsDesired desired, PlanContext context, HostFacts facts, HostPlan.Builder out) {
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

    @Override
    public void plan(LimitsDesired desired, HostFacts facts, HostPlan.Builder out) {
        plan(desired, facts, java.util.Map.of(), out);
    }

    /**
     * {@code sysctls} are the host's wanted plain sysctls: an fs.nr_open or fs.file-max set there
     * (exactly, possibly lower than now) is the ceiling the lock-out guard must check against.
     */
    private void plan(LimitsDesired desired, HostFacts facts, java.util.Map<String, String> sysctls,
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

    /**
     * Writes each planned file atomically and reads it back; the sysctls are the sysctl kind's.
     * When the systemd drop-in changed and the apply allows service restarts, systemd re-executes
     * (it keeps its state and running services; only its own settings are read again) and what
     * it now reports is read back.
     */
    @Override
    public String applyScript(List<Change> changes) {
        StringBuilder sb = new StringBuilder();
        for (Change c : changes) {
            if (c.is(FILE_KIND)) {
                sb.append(OwnedFile.writeScript(c.target(), c.after(), "0644"));
                if (c.target().equals(SYSTEMD_FILE)) {
                    sb.append(REEXEC_SCRIPT);
                }
            }
        }
        return sb.toString();
    }

    /** The files, as {@link OwnedFile} reads them; live limits are not re-read. */
    @Override
    public String expectScript(List<Change> changes) {
        StringBuilder sb = new StringBuilder();
        for (Change c : changes) {
            if (c.is(FILE_KIND)) {
                sb.append(OwnedFile.expectScript(FILE_KIND, c.target(), c.before()));
            }
        }
        return sb.toString();
    }

    static final String REEXEC_SCRIPT = """
            if [ "${NETUNE_ALLOW_SERVICE_RESTART:-}" = 1 ] && [ -d /run/systemd/system ]; then
              if out=$(systemctl daemon-reexec 2>&1); then echo '@@netune applied limits reexec ok'
              else echo '@@netune applied limits reexec failed'; printf '%s\n' "$out"; fi
              echo '@@netune limits-manager'; systemctl show -p DefaultLimitNOFILE -p DefaultLimitNOFILESoft 2>&1
            fi
            """;

    @Override
    public List<ChangeResult> verify(List<Change> changes, List<Section> sections) {
        List<ChangeResult> results = new ArrayList<>();
        for (Change c : changes) {
            ChangeResult written = OwnedFile.verify(c, sections);
            results.add(written.ok() && c.target().equals(SYSTEMD_FILE) && !c.removes()
                    ? verifyReexec(written, sections) : written);
        }
        return results;
    }

    /** After a re-exec, systemd must report the drop-in's DefaultLimitNOFILE; without one, the file is enough. */
    private static ChangeResult verifyReexec(ChangeResult written, List<Section> sections) {
        Optional<Section> reexec = sections.stream().filter(s -> s.kind().equals("applied") && s.arg(0).equals(KIND.name())
                && s.arg(1).equals("reexec")).findFirst();
        if (reexec.isEmpty()) {
            return new ChangeResult(written.change(), true, written.actual(), "written; " + TAKES_EFFECT
                    + " (apply --allow-service-restart re-executes systemd)");
        }
        if (!reexec.get().arg(2).equals("ok")) {
            return new ChangeResult(written.change(), false, written.actual(), "written, but systemctl daemon-reexec failed: "
                    + reexec.get().body().strip());
        }
        Optional<LimitsFacts.ManagerLimit> now = sections.stream().filter(s -> s.kind().equals("limits-manager"))
                .findFirst().flatMap(s -> LimitsFacts.manager(s.body()));
        java.util.regex.Matcher want = java.util.regex.Pattern.compile("(?m)^DefaultLimitNOFILE=(\\d+)(?::(\\d+))?$")
                .matcher(written.change().after());
        if (now.isEmpty() || !want.find()) {
            return new ChangeResult(written.change(), false, written.actual(), "systemd re-executed, but its"
                    + " DefaultLimitNOFILE could not be read back");
        }
        String soft = want.group(1);
        String hard = want.group(2) == null ? soft : want.group(2);
        boolean same = now.get().soft().equals(soft) && now.get().hard().equals(hard);
        return new ChangeResult(written.change(), same, written.actual(), same
                ? "written; systemd re-executed and now gives services nofile soft " + soft + ", hard " + hard
                : "written and systemd re-executed, but it reports DefaultLimitNOFILE soft " + now.get().soft() + ", hard "
                        + now.get().hard() + " (another drop-in in /etc/systemd/system.conf.d wins?)");
    }
}
