package dev.netune.setting.limits;

import dev.netune.plan.ChangeKind;
import dev.netune.fact.FactSource;
import dev.netune.fact.HostFacts;
import dev.netune.fact.Section;
import dev.netune.plan.Change;
import dev.netune.plan.HostPlan;
import dev.netune.profile.YamlNode;
import dev.netune.setting.ChangeResult;
import dev.netune.setting.OwnedFile;
import dev.netune.setting.PlanContext;
import dev.netune.setting.SettingKind;
import java.util.List;
import java.util.Optional;

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
    static final String HEADER = OwnedFile.header("the profile");
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

    /**
     * fs.file-max and fs.nr_open are also plain sysctls: wanted under both {@code sysctl:} and
     * {@code limits:} with different values, the two kinds would write each other's value; the
     * sysctl kind shares what it wants through the context, see {@link LimitsPlanner}.
     */
    @Override
    public void plan(LimitsDesired desired, PlanContext context, HostFacts facts, HostPlan.Builder out) {
        LimitsPlanner.plan(desired, context, facts, out);
    }

    @Override
    public void plan(LimitsDesired desired, HostFacts facts, HostPlan.Builder out) {
        LimitsPlanner.plan(desired, facts, out);
    }

    @Override
    public String applyScript(List<Change> changes) {
        return LimitsApply.applyScript(changes);
    }

    @Override
    public String expectScript(List<Change> changes) {
        return LimitsApply.expectScript(changes);
    }

    @Override
    public List<ChangeResult> verify(List<Change> changes, List<Section> sections) {
        return LimitsApply.verify(changes, sections);
    }
}
