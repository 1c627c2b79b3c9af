package dev.netune.setting.sysctl;

import dev.netune.setting.shared.SysctlValue;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The kernel's own default of the sysctls profiles usually set, with the document that states it
 * and the kernel versions where it changed, so that plan and explain can flag a profile value that
 * merely restates the default. Sources: Documentation/networking/ip-sysctl.rst and
 * Documentation/admin-guide/sysctl/net.rst (torvalds/linux), the netdev patches named below, and
 * values read on the two kernels the tests run on (6.1 guest, 6.18 host).
 */
public final class KernelDefaults {
    /** A default since a kernel version ({@code since} empty for "as far back as netune cares"). */
    public record Era(String since, String value) {
    }

    /** One key's default over kernel versions, oldest first, and where that is written. */
    public record Default(List<Era> eras, String source) {
        /** The default of the newest kernel listed. */
        public String current() {
            return eras.get(eras.size() - 1).value();
        }

        /** "4096 since 5.4, 128 before". */
        public String text() {
            StringBuilder sb = new StringBuilder(current());
            for (int i = eras.size() - 1; i > 0; i--) {
                sb.append(i == eras.size() - 1 ? " since " : ", ").append(eras.get(i).since()).append(", ")
                        .append(eras.get(i - 1).value()).append(" before");
            }
            return sb.toString();
        }

        /** The document the default is read from: ip-sysctl.rst or net.rst. */
        public String doc() {
            return source.split("[ ;]")[0];
        }

        /**
         * Which kernels have {@code value} as their default ("the kernel default", "the default of
         * kernels before 6.16"), when any does (whitespace and hex folded).
         */
        public Optional<String> restatedBy(String value) {
            for (int i = 0; i < eras.size(); i++) {
                if (SysctlValue.same(eras.get(i).value(), value)) {
                    if (eras.size() == 1) {
                        return Optional.of("the kernel default");
                    }
                    return Optional.of(i == eras.size() - 1 ? "the default of kernels since " + eras.get(i).since()
                            : "the default of kernels before " + eras.get(i + 1).since());
                }
            }
            return Optional.empty();
        }
    }

    private static final String IP = "ip-sysctl.rst";
    private static final String NET = "net.rst (Documentation/admin-guide/sysctl)";
    private static final Map<String, Default> TABLE = new TreeMap<>();

    static {
        one("net.core.somaxconn", IP + " (\"Defaults to 4096. (Was 128 before linux-5.4)\")", era("", "128"), era("5.4", "4096"));
        one("net.ipv4.tcp_syncookies", IP, era("", "1"));
        one("net.ipv4.tcp_synack_retries", IP, era("", "5"));
        one("net.ipv4.tcp_syn_retries", IP, era("", "6"));
        one("net.ipv4.tcp_slow_start_after_idle", IP, era("", "1"));
        one("net.ipv4.tcp_keepalive_time", IP + " (\"2hours\")", era("", "7200"));
        one("net.ipv4.tcp_keepalive_intvl", IP, era("", "75"));
        one("net.ipv4.tcp_keepalive_probes", IP, era("", "9"));
        one("net.ipv4.tcp_fin_timeout", IP, era("", "60"));
        one("net.ipv4.tcp_tw_reuse", IP, era("", "2"));
        one("net.ipv4.tcp_timestamps", IP, era("", "1"));
        one("net.ipv4.tcp_fastopen", IP + " (\"Default: 0x1\")", era("", "1"));
        one("net.ipv4.tcp_abort_on_overflow", IP, era("", "0"));
        one("net.ipv4.tcp_notsent_lowat", IP + " (UINT_MAX)", era("", "4294967295"));
        one("net.ipv4.ip_local_port_range", IP, era("", "32768 60999"));
        one("net.ipv4.tcp_retries2", IP, era("", "15"));
        // "depending on RAM size": the maximum on hosts with enough memory; smaller hosts get less
        one("net.ipv4.tcp_rmem", IP + "; max 6MB -> 32MB by 'tcp: increase tcp_rmem[2] to 32 MB' (netdev,"
                + " May 2025, first in 6.16; read as 33554432 on 6.18)", era("", "4096 131072 6291456"),
                era("6.16", "4096 131072 33554432"));
        one("net.ipv4.tcp_wmem", IP + " (min 4K, default 16K, max up to 4MB)", era("", "4096 16384 4194304"));
        one("net.core.rmem_max", NET + "; 212992 -> 4194304 by 'net: set net.core.rmem_max and"
                + " net.core.wmem_max to 4 MB' (netdev, Aug 2025, first in 6.18; read as 4194304 on 6.18)",
                era("", "212992"), era("6.18", "4194304"));
        one("net.core.wmem_max", NET + "; as rmem_max", era("", "212992"), era("6.18", "4194304"));
        // net.rst states no default for these two: net/core/dev.c sets them; read so on 6.1 and 6.18
        one("net.core.netdev_max_backlog", "net/core/dev.c (netdev_max_backlog = 1000)", era("", "1000"));
        one("net.core.netdev_budget", "net/core/dev.c (netdev_budget = 300)", era("", "300"));
        one("net.core.busy_read", NET, era("", "0"));
        one("net.core.busy_poll", NET, era("", "0"));
        one("net.core.default_qdisc", NET, era("", "pfifo_fast"));
        one("net.core.dev_weight", NET, era("", "64"));
    }

    private KernelDefaults() {
    }

    private static Era era(String since, String value) {
        return new Era(since, value);
    }

    private static void one(String key, String source, Era... eras) {
        TABLE.put(key, new Default(List.of(eras), source));
    }

    public static Optional<Default> of(String key) {
        return Optional.ofNullable(TABLE.get(key));
    }
}
