package dev.netune.setting.sysctl;

import dev.netune.plan.HostPlan;
import dev.netune.plan.PlanError;
import dev.netune.setting.shared.SysctlFacts;
import dev.netune.setting.shared.SysctlValue;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Rules across sysctls, checked at plan on the effective values (what the profile leaves, else
 * what the host holds): errors where the result cannot work, warnings where it is a trade-off.
 * A rule speaks only when the profile sets one of its keys.
 */
final class SysctlRules {
    static final String TW_REUSE = "net.ipv4.tcp_tw_reuse";
    static final String TIMESTAMPS = "net.ipv4.tcp_timestamps";
    static final String PORT_RANGE = "net.ipv4.ip_local_port_range";
    static final String RESERVED = "net.ipv4.ip_local_reserved_ports";
    static final String SOMAXCONN = "net.core.somaxconn";
    static final String SYN_BACKLOG = "net.ipv4.tcp_max_syn_backlog";
    static final String ABORT = "net.ipv4.tcp_abort_on_overflow";
    /** The keys the rules read besides the wanted ones. */
    static final List<String> READS = List.of(TW_REUSE, TIMESTAMPS, PORT_RANGE, RESERVED, SOMAXCONN, SYN_BACKLOG);

    private SysctlRules() {
    }

    /**
     * @param wanted    key to the value the plan leaves (only keys the profile sets)
     * @param live      the host's readings
     * @param listening "tcp 1F90" lines of listening sockets, when read
     */
    static void check(Map<String, String> wanted, SysctlFacts live, Optional<Set<String>> listening, HostPlan.Builder out) {
        Effective e = new Effective(wanted, live);
        if ((wanted.containsKey(TW_REUSE) || wanted.containsKey(TIMESTAMPS))
                && e.number(TW_REUSE).orElse(0) == 1 && e.number(TIMESTAMPS).orElse(1) == 0) {
            // tcp_twsk_unique() reuses a TIME_WAIT port only when the old connection carried
            // timestamps (tw_ts_recent_stamp); without them tcp_tw_reuse=1 never reuses anything
            out.error(new PlanError(SysctlFacts.CHANGE_KIND, TW_REUSE, "tcp_tw_reuse=1 cannot work with"
                    + " tcp_timestamps=0: the kernel reuses a TIME_WAIT port only for connections that carried"
                    + " TCP timestamps (ip-sysctl.rst: reuse \"when it is safe from protocol viewpoint\")"));
        }
        if (wanted.containsKey(PORT_RANGE)) {
            portRange(e, listening, out);
        }
        if ((wanted.containsKey(SOMAXCONN) || wanted.containsKey(SYN_BACKLOG))
                && e.number(SYN_BACKLOG).isPresent() && e.number(SOMAXCONN).isPresent()
                && e.number(SYN_BACKLOG).getAsLong() < e.number(SOMAXCONN).getAsLong()) {
            out.warning(SYN_BACKLOG + " " + e.number(SYN_BACKLOG).getAsLong() + " is below " + SOMAXCONN + " "
                    + e.number(SOMAXCONN).getAsLong() + ": with syncookies off, half-open connections are dropped"
                    + " before the accept queue can fill (ip-sysctl.rst: \"Remember to also check somaxconn\")");
        }
        if (wanted.containsKey(ABORT) && e.number(ABORT).orElse(0) == 1) {
            out.warning(ABORT + "=1 resets connections when the accept queue overflows, instead of letting clients"
                    + " retry; ip-sysctl.rst: enable it \"only if you are really sure that listening daemon cannot be"
                    + " tuned to accept connections faster. Enabling this option can harm clients\"");
        }
    }

    private static void portRange(Effective e, Optional<Set<String>> listening, HostPlan.Builder out) {
        String[] r = e.value(PORT_RANGE).orElse("").split(" ");
        if (r.length != 2 || SysctlValue.number(r[0]).isEmpty() || SysctlValue.number(r[1]).isEmpty()) {
            return;
        }
        long low = SysctlValue.number(r[0]).getAsLong();
        long high = SysctlValue.number(r[1]).getAsLong();
        if (low % 2 == high % 2) {
            out.warning(PORT_RANGE + " " + low + " " + high + ": both ends are " + (low % 2 == 0 ? "even" : "odd")
                    + "; ip-sysctl.rst: \"it is better these numbers have different parity\" (connect() takes ports of"
                    + " one parity, bind() the other)");
        }
        if (listening.isEmpty()) {
            return;
        }
        Set<Long> reserved = reserved(e.value(RESERVED).orElse(""));
        SortedSet<Long> clash = new TreeSet<>();
        SortedSet<String> named = new TreeSet<>();
        for (String line : listening.get()) {
            String[] f = line.split(" ");
            if (f.length != 2) {
                continue;
            }
            long port;
            try {
                port = Long.parseLong(f[1], 16);
            } catch (NumberFormatException ex) {
                continue;
            }
            if (port >= low && port <= high && !reserved.contains(port)) {
                clash.add(port);
                named.add(port + "/" + f[0]);
            }
        }
        if (!clash.isEmpty()) {
            String list = String.join(",", clash.stream().map(String::valueOf).toList());
            out.warning(PORT_RANGE + " " + low + "-" + high + " covers ports services listen on here ("
                    + String.join(", ", named) + "): an outgoing connection can take such a port while its service"
                    + " restarts, which then fails with EADDRINUSE; reserve them: " + RESERVED + ": \"" + list + "\"");
        }
    }

    /** Ports of an ip_local_reserved_ports list ("8080,9000-9010"); ranges beyond 65535 ports are not expanded. */
    private static Set<Long> reserved(String list) {
        Set<Long> out = new java.util.HashSet<>();
        for (String part : list.split(",")) {
            String[] ends = part.strip().split("-");
            OptionalLong a = SysctlValue.number(ends[0]);
            OptionalLong b = ends.length > 1 ? SysctlValue.number(ends[1]) : a;
            if (a.isPresent() && b.isPresent() && b.getAsLong() - a.getAsLong() <= 65535) {
                for (long p = a.getAsLong(); p <= b.getAsLong(); p++) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    /** A value as the plan leaves it: wanted, else read from the host. */
    private record Effective(Map<String, String> wanted, SysctlFacts live) {
        Optional<String> value(String key) {
            if (wanted.containsKey(key)) {
                return Optional.of(SysctlValue.normalize(wanted.get(key)));
            }
            SysctlFacts.Reading r = live.values().get(key);
            return r != null && r.status() == SysctlFacts.Reading.Status.PRESENT
                    ? Optional.of(SysctlValue.normalize(r.value())) : Optional.empty();
        }

        OptionalLong number(String key) {
            return value(key).map(SysctlValue::number).orElse(OptionalLong.empty());
        }
    }
}
