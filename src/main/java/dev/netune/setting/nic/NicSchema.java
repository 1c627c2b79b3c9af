package dev.netune.setting.nic;

import dev.netune.profile.YamlNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** Loads and validates a profile's {@code nics:} list. */
final class NicSchema {
    /** Interface names as the kernel allows them (no '/', no whitespace), plus glob characters. */
    private static final Pattern NAME_GLOB = Pattern.compile("[A-Za-z0-9_.:@*?-]{1,15}");
    private static final Pattern DRIVER = Pattern.compile("[A-Za-z0-9_.-]{1,32}");
    /** Feature names as ethtool -k prints them ("generic-receive-offload", "tx-checksum-ipv4"). */
    private static final Pattern FEATURE = Pattern.compile("[a-z][a-z0-9-]{0,63}");
    private static final List<String> RULE_KEYS = List.of("match", "exclude", "channels", "ring", "coalesce",
            "offload", "mtu", "irqAffinity", "rps", "xps", "rss", "pause", "txqueuelen", "napi", "qdisc");
    /** Ring and channel counts beyond this are no real hardware's; catches typos such as 40960000. */
    private static final long MAX_COUNT = 1 << 20;

    private NicSchema() {
    }

    static Optional<NicDesired> load(YamlNode node) {
        int before = node.problems().list().size();
        List<NicRule> rules = new ArrayList<>();
        for (YamlNode entry : node.sequence()) {
            Map<String, YamlNode> m = entry.mapping(RULE_KEYS);
            if (!m.containsKey("match")) {
                entry.error("each nics entry needs a match: {name: \"eth*\"} and/or {driver: ixgbe}");
                continue;
            }
            NicMatch match = match(m.get("match"), true);
            NicMatch exclude = m.containsKey("exclude") ? match(m.get("exclude"), false) : new NicMatch(List.of(), List.of());
            SortedMap<Attribute, SortedMap<String, String>> settings = new TreeMap<>();
            for (Attribute a : Attribute.values()) {
                if (m.containsKey(a.yamlKey)) {
                    YamlNode v = m.get(a.yamlKey);
                    settings.put(a, switch (a) {
                        case MTU -> mtu(v);
                        case IRQ_AFFINITY -> policy(v, List.of("spread", "numa-local"));
                        case XPS -> policy(v, List.of("per-queue"));
                        case RPS -> rps(v);
                        case TXQUEUELEN -> KnobSchema.txqueuelen(v);
                        case NAPI -> KnobSchema.napi(v);
                        case QDISC -> KnobSchema.qdisc(v);
                        case RSS -> RssSchema.load(v);
                        default -> values(a, v);
                    });
                }
            }
            rules.add(new NicRule(match, exclude, new NicSettings(settings)));
        }
        return node.problems().list().size() > before ? Optional.empty() : Optional.of(new NicDesired(rules));
    }

    private static NicMatch match(YamlNode node, boolean required) {
        Map<String, YamlNode> m = node.mapping(List.of("name", "driver"));
        List<String> names = m.containsKey("name") ? m.get("name").stringList() : List.of();
        List<String> drivers = m.containsKey("driver") ? m.get("driver").stringList() : List.of();
        for (String n : names) {
            if (!NAME_GLOB.matcher(n).matches()) {
                m.get("name").error("'" + n + "' is not an interface name or glob (at most 15 of letters, digits, . _ - : @ * ?)");
            }
        }
        for (String d : drivers) {
            if (!DRIVER.matcher(d).matches()) {
                m.get("driver").error("'" + d + "' is not a driver name");
            }
        }
        if (required && names.isEmpty() && drivers.isEmpty() && !node.isNull()) {
            node.error("match needs a name glob and/or a driver");
        }
        return new NicMatch(names, drivers);
    }

    private static SortedMap<String, String> values(Attribute a, YamlNode node) {
        SortedMap<String, String> out = new TreeMap<>();
        Map<String, YamlNode> m = a == Attribute.OFFLOAD ? node.mapping() : node.mapping(a.keys);
        for (var e : m.entrySet()) {
            String key = e.getKey();
            YamlNode v = e.getValue();
            switch (a) {
                case CHANNELS, RING -> count(v, a == Attribute.CHANNELS && key.equals("other") ? 0 : 1)
                        .ifPresent(s -> out.put(key, s));
                case COALESCE -> {
                    if (Attribute.COALESCE_FLAGS.contains(key)) {
                        v.bool().ifPresent(b -> out.put(key, b ? "on" : "off"));
                    } else {
                        number(v, 0, Integer.MAX_VALUE).ifPresent(n -> out.put(key, Long.toString(n)));
                    }
                }
                case OFFLOAD -> {
                    if (!FEATURE.matcher(key).matches()) {
                        v.keyError("'" + key + "' is not a feature name (e.g. gro, lro, tso, gso, rx-gro-hw)");
                        continue;
                    }
                    v.bool().ifPresent(b -> out.put(key, b ? "on" : "off"));
                }
                case PAUSE -> v.bool().ifPresent(b -> out.put(key, b ? "on" : "off"));
                default -> throw new IllegalStateException(a.name());
            }
        }
        return out;
    }

    /** A count, or "max" (resolved per NIC at plan time to the driver's pre-set maximum). */
    private static Optional<String> count(YamlNode v, long min) {
        if (v.isScalar() && !v.isIntegerScalar() && v.string().filter(s -> s.equals("max")).isPresent()) {
            return Optional.of("max");
        }
        if (v.isScalar() && !v.isIntegerScalar()) {
            v.error("expected a number or max, found '" + v.string().orElse("") + "'");
            return Optional.empty();
        }
        OptionalLong n = number(v, min, MAX_COUNT);
        return n.isPresent() ? Optional.of(Long.toString(n.getAsLong())) : Optional.empty();
    }

    static OptionalLong number(YamlNode v, long min, long max) {
        OptionalLong n = v.integer();
        if (n.isPresent() && (n.getAsLong() < min || n.getAsLong() > max)) {
            v.error(n.getAsLong() + " is out of range (" + min + ".." + max + ")");
            return OptionalLong.empty();
        }
        return n;
    }

    /** {policy: NAME} or {cpus: "2-5"}: exactly one of the two. */
    private static SortedMap<String, String> policy(YamlNode v, List<String> policies) {
        SortedMap<String, String> out = new TreeMap<>();
        Map<String, YamlNode> m = v.mapping(List.of("policy", "cpus"));
        if (m.containsKey("policy") == m.containsKey("cpus")) {
            v.error("give either policy (" + String.join(" | ", policies) + ") or cpus: \"2-5\"");
            return out;
        }
        if (m.containsKey("policy")) {
            m.get("policy").string().ifPresent(p -> {
                if (policies.contains(p)) {
                    out.put("policy", p);
                } else {
                    m.get("policy").error("unknown policy '" + p + "'; known: " + String.join(", ", policies));
                }
            });
        } else {
            cpus(m.get("cpus")).ifPresent(c -> out.put("cpus", c));
        }
        return out;
    }

    private static SortedMap<String, String> rps(YamlNode v) {
        SortedMap<String, String> out = new TreeMap<>();
        Map<String, YamlNode> m = v.mapping(List.of("cpus", "flowEntries"));
        if (m.containsKey("cpus")) {
            cpus(m.get("cpus")).ifPresent(c -> out.put("cpus", c));
        }
        if (m.containsKey("flowEntries")) {
            // the kernel rounds rps_sock_flow_entries up to a power of two; ask for one so it reads back as asked
            number(m.get("flowEntries"), 0, 1 << 29).ifPresent(n -> {
                if (n != 0 && Long.bitCount(n) != 1) {
                    m.get("flowEntries").error("flowEntries must be 0 or a power of two (the kernel rounds up), found " + n);
                } else {
                    out.put("flowEntries", Long.toString(n));
                }
            });
        }
        if (m.isEmpty()) {
            v.error("rps needs cpus: \"0-3\" and/or flowEntries: 32768");
        }
        return out;
    }

    /** A cpulist ("0-3,8"), normalised; validated against the host's CPUs at plan time. */
    private static Optional<String> cpus(YamlNode v) {
        Optional<String> s = v.isIntegerScalar() ? v.integer().stream().mapToObj(Long::toString).findFirst() : v.string();
        if (s.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(dev.netune.fact.CpuSet.parseList(s.get()).toList());
        } catch (IllegalArgumentException e) {
            v.error("'" + s.get() + "' is not a CPU list such as \"0-3,8\": " + e.getMessage());
            return Optional.empty();
        }
    }

    private static SortedMap<String, String> mtu(YamlNode v) {
        SortedMap<String, String> out = new TreeMap<>();
        // 68 is IPv4's minimum; 65535 the largest any driver reports (loopback's is 65536)
        number(v, 68, 65536).ifPresent(n -> out.put("mtu", Long.toString(n)));
        return out;
    }
}
