package dev.netune.setting.sysctl;

import dev.netune.setting.shared.SysctlFacts;
import dev.netune.profile.Suggest;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What the host itself allows, checked at plan: a congestion control or qdisc the kernel has or
 * can load, and for a key the host lacks, why (removed from the kernel, or a misspelling of one of
 * the host's own keys). Offline validation cannot know these: kernels differ in modules and keys.
 */
final class SysctlHostChecks {
    /**
     * Keys removed from the kernel or left without effect, with what to do instead. Each line cites
     * its source: the kernel's Documentation/networking/ip-sysctl.rst, or the commit named.
     */
    private static final Map<String, String> GONE = Map.of(
            // commit 4396e46187ca "tcp: remove tcp_tw_recycle" (Linux 4.12); it broke clients behind NAT
            "net.ipv4.tcp_tw_recycle", "was removed in Linux 4.12 (it broke clients behind NAT);"
                    + " net.ipv4.tcp_tw_reuse covers outbound connections",
            // ip-sysctl.rst: "tcp_low_latency - BOOLEAN  This is a legacy option, it has no effect anymore.";
            // present on the 6.1 test guest, absent on 6.18 (captured/sysctl/*)
            "net.ipv4.tcp_low_latency", "is a legacy option without effect (ip-sysctl.rst), gone from newer kernels",
            // the ip_conntrack module was replaced by nf_conntrack (Documentation/networking/nf_conntrack-sysctl.rst)
            "net.ipv4.netfilter.ip_conntrack_max", "is the old ip_conntrack name; the key is net.netfilter.nf_conntrack_max"
                    + " (nf_conntrack-sysctl.rst)");

    /**
     * Keys that still exist but do nothing: setting them tunes nothing. ip-sysctl.rst, for both:
     * "This is a legacy option, it has no effect anymore." (tcp_fack is still there on 6.18.)
     */
    private static final Map<String, String> NO_EFFECT = Map.of(
            "net.ipv4.tcp_fack", "ip-sysctl.rst: \"a legacy option, it has no effect anymore\"",
            "net.ipv4.tcp_low_latency", "ip-sysctl.rst: \"a legacy option, it has no effect anymore\"");

    /** Why setting a key that exists does nothing, if it does nothing. */
    static Optional<String> noEffect(String key) {
        return Optional.ofNullable(NO_EFFECT.get(key)).map(why -> key + " has no effect on this kernel (" + why
                + "): drop it from the profile");
    }

    /** Qdiscs every kernel has built in, as the nics kind knows them too. */
    private static final Set<String> BUILTIN_QDISCS = dev.netune.setting.shared.QdiscModules.BUILTIN;

    private SysctlHostChecks() {
    }

    /** The host's verdict on a value: refused (an error), unsure (a warning), or fine. */
    record Verdict(boolean refused, String message) {
    }

    /** The two keys whose values the kernel's modules decide (see {@link #allowed}). */
    private static final String CONGESTION_CONTROL = "net.ipv4.tcp_congestion_control";
    private static final String DEFAULT_QDISC = "net.core.default_qdisc";

    /** Whether the kernel's modules decide which values {@code key} takes (see {@link #allowed}). */
    static boolean decidedByModules(String key) {
        return key.equals(CONGESTION_CONTROL) || key.equals(DEFAULT_QDISC);
    }

    static Optional<Verdict> allowed(String key, String value, SysctlHostFacts host) {
        if (key.equals(CONGESTION_CONTROL)) {
            if (host.congestionControls().contains(value)) {
                return Optional.empty();
            }
            return moduleVerdict("tcp_" + value, "congestion control '" + value + "'", host,
                    " (available now: " + String.join(" ", new TreeSet<>(host.congestionControls())) + ")");
        }
        if (key.equals(DEFAULT_QDISC)) {
            if (BUILTIN_QDISCS.contains(value)) {
                return Optional.empty();
            }
            return moduleVerdict("sch_" + value, "qdisc '" + value + "'", host, "");
        }
        return Optional.empty();
    }

    private static Optional<Verdict> moduleVerdict(String module, String what, SysctlHostFacts host, String extra) {
        if (host.modules().isEmpty()) {
            return Optional.of(new Verdict(false, "cannot tell whether the kernel can load " + what + ": no /lib/modules"
                    + " on this host (a container?)" + extra));
        }
        if (host.modules().get().contains(module)) {
            return Optional.empty(); // loadable: the kernel loads it when the value is written
        }
        SortedSet<String> known = new TreeSet<>();
        String prefix = module.substring(0, 4);
        host.modules().get().stream().filter(m -> m.startsWith(prefix) && !m.equals("tcp_diag"))
                .forEach(m -> known.add(m.substring(4)));
        return Optional.of(new Verdict(true, what + " is not built into this kernel nor loadable as " + module
                + extra + "; this kernel has: " + String.join(" ", known)));
    }

    /** Why a key the host lacks is missing: removed, misspelt (with the host's closest key), or unknown. */
    static String missing(String key, String kernel, SysctlHostFacts host) {
        String gone = GONE.get(key);
        if (gone != null) {
            return key + " " + gone + "; this host (kernel " + kernel + ") does not have it";
        }
        int dot = key.lastIndexOf('.');
        String dir = SysctlFacts.procSysPath(key.substring(0, dot));
        SortedSet<String> names = host.keysByDir().get(dir);
        String prefix = key.substring(0, dot + 1);
        String hint = names == null ? "" : Suggest.closest(key.substring(dot + 1), names)
                .map(n -> " (did you mean " + prefix + n + "?)").orElse("");
        return key + " does not exist on this host (kernel " + kernel + ")" + hint
                + (hint.isEmpty() ? "; a module may be missing or the key misspelt" : "");
    }
}
