package dev.netune.setting.sysctl;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The sysctls netune knows the shape of: value type and range, and whether the key is per
 * network namespace. Unknown keys are still allowed (syntax-checked only); known keys get
 * type and range checks before any host is contacted. Word values (congestion controls, qdiscs)
 * are not listed here: which exist is the host's to say, at plan ({@link SysctlHostChecks}).
 */
final class SysctlCatalog {

    /** The shape of a value: {@code count} whole numbers, each within [min, max]. */
    record Shape(int count, long min, long max, String hint) {
        static Shape integer(long min, long max) {
            return new Shape(1, min, max, min + ".." + max);
        }

        static Shape tuple(int count, long min, long max, String hint) {
            return new Shape(count, min, max, hint);
        }
    }

    private static final long INT_MAX = Integer.MAX_VALUE;
    private static final Map<String, Shape> SHAPES = new TreeMap<>();

    static {
        Shape positive = Shape.integer(1, INT_MAX);
        Shape nonNegative = Shape.integer(0, INT_MAX);
        SHAPES.put("net.core.somaxconn", Shape.integer(1, 65535 * 64L));
        SHAPES.put("net.core.netdev_max_backlog", positive);
        SHAPES.put("net.core.netdev_budget", positive);
        SHAPES.put("net.core.netdev_budget_usecs", positive);
        SHAPES.put("net.core.rmem_max", positive);
        SHAPES.put("net.core.wmem_max", positive);
        SHAPES.put("net.core.rmem_default", positive);
        SHAPES.put("net.core.wmem_default", positive);
        SHAPES.put("net.core.optmem_max", positive);
        SHAPES.put("net.core.rps_sock_flow_entries", nonNegative);
        SHAPES.put("net.core.busy_poll", nonNegative);
        SHAPES.put("net.core.busy_read", nonNegative);
        SHAPES.put("net.core.dev_weight", positive);
        SHAPES.put("net.ipv4.tcp_max_syn_backlog", positive);
        SHAPES.put("net.ipv4.ip_local_port_range",
                Shape.tuple(2, 1, 65535, "two ports 1..65535, low first, e.g. \"10000 65000\""));
        SHAPES.put("net.ipv4.tcp_tw_reuse", Shape.integer(0, 2));
        SHAPES.put("net.ipv4.tcp_fin_timeout", positive);
        SHAPES.put("net.ipv4.tcp_fastopen", Shape.integer(0, 0x7ff));
        SHAPES.put("net.ipv4.tcp_syn_retries", Shape.integer(1, 127));
        SHAPES.put("net.ipv4.tcp_synack_retries", Shape.integer(0, 255));
        SHAPES.put("net.ipv4.tcp_retries1", Shape.integer(0, 255));
        SHAPES.put("net.ipv4.tcp_retries2", Shape.integer(0, 255));
        SHAPES.put("net.ipv4.tcp_keepalive_time", positive);
        SHAPES.put("net.ipv4.tcp_keepalive_intvl", positive);
        SHAPES.put("net.ipv4.tcp_keepalive_probes", Shape.integer(1, 127));
        SHAPES.put("net.ipv4.tcp_max_tw_buckets", nonNegative);
        SHAPES.put("net.ipv4.tcp_syncookies", Shape.integer(0, 2));
        SHAPES.put("net.ipv4.tcp_abort_on_overflow", Shape.integer(0, 1));
        SHAPES.put("net.ipv4.tcp_slow_start_after_idle", Shape.integer(0, 1));
        SHAPES.put("net.ipv4.tcp_window_scaling", Shape.integer(0, 1));
        SHAPES.put("net.ipv4.tcp_timestamps", Shape.integer(0, 2));
        SHAPES.put("net.ipv4.tcp_max_orphans", nonNegative);
        SHAPES.put("net.ipv4.tcp_orphan_retries", Shape.integer(0, 255));
        SHAPES.put("net.ipv4.tcp_rmem", Shape.tuple(3, 1, INT_MAX, "three sizes: min default max"));
        SHAPES.put("net.ipv4.tcp_wmem", Shape.tuple(3, 1, INT_MAX, "three sizes: min default max"));
        SHAPES.put("net.ipv4.tcp_mem", Shape.tuple(3, 1, Long.MAX_VALUE, "three page counts: low pressure high"));
        SHAPES.put("net.ipv4.tcp_notsent_lowat", positive);
        SHAPES.put("fs.file-max", Shape.integer(1, Long.MAX_VALUE));
        SHAPES.put("fs.nr_open", Shape.integer(1024, 1073741816));
    }

    /** Sysctls that `netune facts` shows without a profile: the ones profiles usually tune. */
    static final List<String> COMMON = List.copyOf(SHAPES.keySet());

    private SysctlCatalog() {
    }

    static Optional<Shape> shape(String key) {
        return Optional.ofNullable(SHAPES.get(key));
    }

    /**
     * Keys whose value is global to the kernel rather than per network namespace. Writing them
     * from a container changes the machine it runs on, so they are worth a plan note.
     */
    static boolean isGlobal(String key) {
        return key.startsWith("fs.") || key.startsWith("kernel.") || key.startsWith("vm.")
                || key.equals("net.core.netdev_budget") || key.equals("net.core.netdev_budget_usecs")
                || key.equals("net.core.netdev_max_backlog") || key.equals("net.core.rmem_max")
                || key.equals("net.core.wmem_max") || key.equals("net.core.rps_sock_flow_entries")
                || key.equals("net.core.busy_poll") || key.equals("net.core.busy_read")
                || key.equals("net.core.dev_weight") || key.equals("net.core.rmem_default")
                || key.equals("net.core.wmem_default") || key.equals("net.core.optmem_max")
                || key.equals("net.core.default_qdisc"); // missing in a container: read on 6.18 (captured/sysctl)
    }
}
