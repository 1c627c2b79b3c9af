package dev.netune.setting.limits;

import dev.netune.plan.ChangeKind;
import dev.netune.fact.FactSource;
import dev.netune.setting.shared.SysctlFacts;
import java.util.TreeSet;

/**
 * What the limits kind shares with the sysctl kind, through {@code setting.shared} only: the
 * sysctl fact source for fs.file-max and fs.nr_open (same id, so the host's one gather reads each
 * sysctl once), and the sysctl change kind, so the sysctl kind writes and verifies the live values.
 */
final class KernelLimits {
    /** Changes of this kind are applied and verified by the sysctl kind. */
    static final ChangeKind CHANGE_KIND = SysctlFacts.CHANGE_KIND;
    static final String SYSCTL_KIND_FILE = SysctlFacts.PERSIST_FILE;
    static final FactSource<SysctlFacts> SOURCE =
            SysctlFacts.source(new TreeSet<>(java.util.List.of(LimitsKind.FILE_MAX, LimitsKind.NR_OPEN)));

    private KernelLimits() {
    }
}
