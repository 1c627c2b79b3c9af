package dev.netune.setting.limits;

import dev.netune.fact.FactSource;
import dev.netune.setting.sysctl.SysctlDesired;
import dev.netune.setting.sysctl.SysctlFacts;
import dev.netune.setting.sysctl.SysctlKind;
import java.util.List;
import java.util.TreeMap;

/**
 * The bridge to the sysctl kind, through its public API only: its fact source for fs.file-max and
 * fs.nr_open (same id, so the host's one gather reads each sysctl once), and its change kind, so
 * the sysctl kind writes and verifies the live values.
 */
final class KernelLimits {
    /** Changes of this kind are applied and verified by the sysctl kind. */
    static final String CHANGE_KIND = SysctlKind.KIND;
    static final String SYSCTL_KIND_FILE = SysctlKind.PERSIST_FILE;
    static final FactSource<SysctlFacts> SOURCE = source();

    private KernelLimits() {
    }

    @SuppressWarnings("unchecked")
    private static FactSource<SysctlFacts> source() {
        TreeMap<String, String> keys = new TreeMap<>();
        keys.put(LimitsKind.FILE_MAX, "1");
        keys.put(LimitsKind.NR_OPEN, "1");
        List<FactSource<?>> sources = new SysctlKind().facts(new SysctlDesired(keys));
        FactSource<?> s = sources.get(0);
        if (sources.size() != 1 || !s.id().equals(SysctlKind.KIND)) {
            throw new IllegalStateException("the sysctl kind's facts changed shape: " + sources);
        }
        return (FactSource<SysctlFacts>) s;
    }
}
