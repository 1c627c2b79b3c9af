package dev.netune.fact.nic;

import dev.netune.fact.Section;
import dev.netune.transport.Shell;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The NIC part of the gather script and the parser of what it prints.
 *
 * <p>For every interface in {@code /sys/class/net} the fragment prints a {@code nic IFACE sys}
 * block of {@code key=value} lines read from sysfs, then one block per ethtool query
 * ({@code nic IFACE ethtool-i RC}, {@code -g}, {@code -l}, {@code -c}, {@code -k}, {@code -x}, {@code -a}) whose marker
 * carries the exit code and whose body is stdout and stderr together, and once
 * {@code interrupts} with {@code /proc/interrupts}. Everything it runs is read-only and works
 * as a normal user; it never fails the surrounding script.
 */
public final class NicGather {
    /** Section kind of the per-interface blocks. */
    public static final String KIND = "nic";
    /** Section kind of the {@code /proc/interrupts} block. */
    public static final String INTERRUPTS = "interrupts";

    static final List<String> ETHTOOL_QUERIES = List.of("i", "g", "l", "c", "k", "x", "a");
    /** Exit code the fragment reports for every query when ethtool is not installed. */
    static final int NO_ETHTOOL = 127;

    private NicGather() {
    }

    /**
     * The POSIX sh fragment. Interface names come from the kernel and are only ever expanded
     * inside double quotes; the fixed paths go through {@link Shell#quote}. The fragment runs in
     * a subshell so its variables cannot clash with other fragments, and ends with status 0.
     */
    public static String script() {
        String net = Shell.quote("/sys/class/net");
        String virt = Shell.quote("/sys/devices/virtual/net");
        String queries = String.join(" ", ETHTOOL_QUERIES);
        return String.join("\n",
                "(",
                // LC_ALL=C: ethtool's error texts are parsed as reasons, keep them untranslated
                "LC_ALL=C; export LC_ALL",
                "if command -v ethtool >/dev/null 2>&1; then nt_et=1; else nt_et=0; fi",
                "if command -v tc >/dev/null 2>&1; then nt_tc=1; else nt_tc=0; fi",
                "for nt_p in " + net + "/*; do",
                "  [ -e \"$nt_p\" ] || continue",
                "  nt_i=${nt_p##*/}",
                "  printf '@@netune nic %s sys\\n' \"$nt_i\"",
                // tx_queue_len and the NAPI knobs; a file this kernel lacks is not printed (threaded: 5.12)
                "  for nt_k in mtu operstate address type tx_queue_len napi_defer_hard_irqs gro_flush_timeout threaded; do",
                "    [ -r \"$nt_p/$nt_k\" ] && printf '%s=%s\\n' \"$nt_k\" \"$(cat \"$nt_p/$nt_k\" 2>/dev/null)\"",
                "  done",
                "  if [ -e " + virt + "/\"$nt_i\" ]; then echo is_virtual=1; else echo is_virtual=0; fi",
                // minmtu/maxmtu: only `ip -d link` shows them (no sysfs file); 0 0 means unknown
                "  ip -d link show dev \"$nt_i\" 2>/dev/null | sed -n 's/.* minmtu \\([0-9]*\\) maxmtu \\([0-9]*\\).*/mtu_range=\\1 \\2/p'",
                "  nt_d=\"$nt_p/device\"",
                "  if [ -e \"$nt_d\" ]; then",
                "    nt_l=$(readlink \"$nt_d/driver\" 2>/dev/null) && printf 'driver=%s\\n' \"${nt_l##*/}\"",
                "    nt_l=$(readlink \"$nt_d\" 2>/dev/null); nt_b=${nt_l##*/}",
                "    [ -n \"$nt_b\" ] && printf 'bus=%s\\n' \"$nt_b\"",
                // virtio_net hangs off a virtio device; NUMA, CPUs and MSI vectors live on its PCI
                // parent. Only virtio looks up: another device's parent is a bridge whose vectors
                // (AER, hotplug) are not the NIC's.
                "    nt_s=\"$nt_d\"",
                "    case \"$nt_b\" in virtio*)",
                "      nt_s=\"$nt_d/..\"",
                "      nt_l=$(cd -P \"$nt_s\" 2>/dev/null && pwd -P) && printf 'parent_bus=%s\\n' \"${nt_l##*/}\";;",
                "    esac",
                "    for nt_k in numa_node local_cpulist; do",
                "      [ -r \"$nt_s/$nt_k\" ] && printf '%s=%s\\n' \"$nt_k\" \"$(cat \"$nt_s/$nt_k\" 2>/dev/null)\"",
                "    done",
                "    nt_m=\"$nt_s/msi_irqs\"",
                "    nt_v=",
                "    for nt_q in \"$nt_m\"/*; do [ -e \"$nt_q\" ] && nt_v=\"$nt_v ${nt_q##*/}\"; done",
                "    printf 'msi_irqs=%s\\n' \"${nt_v# }\"",
                "  fi",
                "  nt_r=0; nt_t=0",
                "  for nt_q in \"$nt_p\"/queues/rx-*; do [ -e \"$nt_q\" ] && nt_r=$((nt_r + 1)); done",
                "  for nt_q in \"$nt_p\"/queues/tx-*; do [ -e \"$nt_q\" ] && nt_t=$((nt_t + 1)); done",
                "  printf 'rx_queues=%s\\ntx_queues=%s\\n' \"$nt_r\" \"$nt_t\"",
                // the root qdisc and, under mq, one child per tx queue
                "  if [ \"$nt_tc\" = 1 ]; then nt_out=$(tc qdisc show dev \"$nt_i\" 2>&1); nt_rc=$?",
                // bounded: one line per tx queue, and no device has more than 1024 of those in practice
                "    nt_out=$(printf '%s\\n' \"$nt_out\" | head -n 1100); else",
                "    nt_out='tc: command not found'; nt_rc=" + NO_ETHTOOL + "; fi",
                "  printf '@@netune nic %s qdisc %s\\n%s\\n' \"$nt_i\" \"$nt_rc\" \"$nt_out\"",
                "  for nt_o in " + queries + "; do",
                "    if [ \"$nt_et\" = 1 ]; then",
                // coalescing: ethtool's JSON (newer than 6.1, which rejects --json -c) leaves out
                // what the driver does not support; older ones only have the text
                "      if [ \"$nt_o\" = c ] && nt_out=$(ethtool --json -c \"$nt_i\" 2>/dev/null); then nt_rc=0; else",
                "      nt_out=$(ethtool -\"$nt_o\" \"$nt_i\" 2>&1); nt_rc=$?; fi",
                "    else",
                "      nt_out='ethtool: command not found'; nt_rc=" + NO_ETHTOOL,
                "    fi",
                "    printf '@@netune nic %s ethtool-%s %s\\n%s\\n' \"$nt_i\" \"$nt_o\" \"$nt_rc\" \"$nt_out\"",
                "  done",
                "done",
                "echo '@@netune " + INTERRUPTS + "'",
                "cat /proc/interrupts 2>&1",
                "true",
                ") || true",
                "");
    }

    /**
     * Turns the gather sections into facts per interface, sorted by name. Sections of other
     * kinds are ignored; a missing or failed block leaves that fact empty with the reason.
     */
    public static SortedMap<String, NicFacts> parse(List<Section> sections) {
        Map<String, Map<String, Section>> byIface = new LinkedHashMap<>();
        InterruptTable interrupts = null;
        for (Section s : sections) {
            if (s.kind().equals(INTERRUPTS)) {
                interrupts = attempt(s.body(), InterruptTable::parse).value().orElse(null);
            } else if (s.kind().equals(KIND) && !s.arg(0).isEmpty()) {
                byIface.computeIfAbsent(s.arg(0), k -> new LinkedHashMap<>()).put(s.arg(1), s);
            }
        }
        SortedMap<String, NicFacts> out = new TreeMap<>();
        for (Map.Entry<String, Map<String, Section>> e : byIface.entrySet()) {
            String name = e.getKey();
            Map<String, Section> blocks = e.getValue();
            Section sysBlock = blocks.get("sys");
            Outcome<SysInfo> sys = sysBlock == null
                    ? Outcome.failed("sysfs block not gathered")
                    : attempt(sysBlock.body(), SysInfo::parse);
            Outcome<DriverInfo> driver = ethtool(blocks, "i", DriverInfo::parse);
            List<QueueIrq> irqs = QueueIrqMatcher.match(name, sys.value().orElse(null), driver.value(), interrupts);
            out.put(name, new NicFacts(
                    name,
                    sys,
                    driver,
                    ethtool(blocks, "g", RingInfo::parse),
                    ethtool(blocks, "l", ChannelInfo::parse),
                    ethtool(blocks, "c", CoalesceInfo::parse),
                    ethtool(blocks, "k", FeatureInfo::parse),
                    irqs,
                    qdiscs(blocks.get("qdisc")),
                    ethtool(blocks, "x", RssInfo::parse),
                    ethtool(blocks, "a", PauseInfo::parse)));
        }
        return Collections.unmodifiableSortedMap(out);
    }

    private static <T> Outcome<T> ethtool(Map<String, Section> blocks, String query, Function<String, T> parser) {
        Section s = blocks.get("ethtool-" + query);
        if (s == null) {
            return Outcome.failed("ethtool -" + query + " not gathered");
        }
        Optional<Integer> rc = exitCode(s.arg(2));
        if (rc.isEmpty()) {
            return Outcome.failed("ethtool -" + query + ": no exit code in marker");
        }
        if (rc.get() == NO_ETHTOOL) {
            return Outcome.failed("ethtool is not installed");
        }
        if (rc.get() != 0) {
            String why = reason(s.body());
            return Outcome.failed(why.isEmpty() ? "ethtool -" + query + " exited with " + rc.get() : why);
        }
        return attempt(s.body(), parser);
    }

    private static Outcome<QdiscTree> qdiscs(Section s) {
        if (s == null) {
            return Outcome.failed("tc qdisc show not gathered");
        }
        Optional<Integer> rc = exitCode(s.arg(2));
        if (rc.isPresent() && rc.get() == NO_ETHTOOL) {
            return Outcome.failed("tc is not installed (package iproute2)");
        }
        if (rc.isEmpty() || rc.get() != 0) {
            return Outcome.failed("tc qdisc show failed: " + s.body().strip());
        }
        return attempt(s.body(), QdiscTree::parse);
    }

    private static <T> Outcome<T> attempt(String body, Function<String, T> parser) {
        try {
            return Outcome.ok(parser.apply(body));
        } catch (RuntimeException e) {
            // a text we cannot read is a missing fact, not a failed gather
            return Outcome.failed("unreadable output: " + e.getMessage());
        }
    }

    private static Optional<Integer> exitCode(String word) {
        try {
            return Optional.of(Integer.parseInt(word));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The error text on one line, without the "... parameters for IFACE:" heading ethtool prints first. */
    static String reason(String body) {
        List<String> parts = new ArrayList<>();
        for (String line : EthtoolText.lines(body)) {
            String t = line.trim();
            // ethtool's heading names the device it was given; the capture may come from another name
            if (t.isEmpty() || (t.endsWith(":") && t.contains(" for "))) {
                continue;
            }
            parts.add(t);
        }
        return String.join(" ", parts);
    }
}
