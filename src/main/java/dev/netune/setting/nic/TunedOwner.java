package dev.netune.setting.nic;

import dev.netune.fact.nic.NicFacts;
import dev.netune.text.Glob;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The active tuned profile's {@code [net]} and {@code [sysfs]} settings for a NIC.
 *
 * <p>tuned's net plugin (any section named {@code net} or with {@code type=net}) sets
 * {@code ring=}, {@code channels=}, {@code coalesce=}, {@code features=} and {@code pause=} (ethtool
 * -G/-L/-C/-K/-A arguments), {@code txqueuelen=} and {@code mtu=} on the devices its {@code devices=}
 * globs name (all by default; tuned's plugin_net.py);
 * {@code [sysfs]} writes sysfs paths (MTU, RPS and XPS masks under /sys/class/net). A profile's
 * {@code include=} profiles come first and the including one overrides them, per section and
 * key; with several active profiles the later ones override the earlier.
 */
final class TunedOwner {
    static final String WHEN = "at the next tuned (re)start or profile switch, and when tuned sees the device added";

    private static final Pattern SYSFS = Pattern.compile(
            "^/sys/class/net/(?<nic>[^/]+)/(?<rest>mtu|queues/rx-[^/]+/rps_cpus|queues/rx-[^/]+/rps_flow_cnt|queues/tx-[^/]+/xps_cpus)$");

    private TunedOwner() {
    }

    static List<OwnedValue> values(NicFacts nic, NicOwners owners) {
        // section -> key -> (value, profile), the later profile winning
        Map<String, Map<String, String[]>> merged = new LinkedHashMap<>();
        for (String p : owners.tunedActive()) {
            merge(p, owners, merged, 0);
        }
        List<OwnedValue> out = new ArrayList<>();
        for (Map.Entry<String, Map<String, String[]>> sec : merged.entrySet()) {
            Map<String, String[]> kv = sec.getValue();
            String type = kv.containsKey("type") ? kv.get("type")[0] : sec.getKey();
            if (type.equals("net")) {
                String devices = kv.containsKey("devices") ? kv.get("devices")[0] : "*";
                if (!devices(devices, nic.name())) {
                    continue;
                }
                pairs(out, kv, "ring", Attribute.RING, sec.getKey());
                pairs(out, kv, "channels", Attribute.CHANNELS, sec.getKey());
                pairs(out, kv, "coalesce", Attribute.COALESCE, sec.getKey());
                pairs(out, kv, "features", Attribute.OFFLOAD, sec.getKey());
                pairs(out, kv, "pause", Attribute.PAUSE, sec.getKey());
                if (kv.containsKey("txqueuelen")) {
                    out.add(value(Attribute.TXQUEUELEN, "txqueuelen", kv.get("txqueuelen"), "[" + sec.getKey() + "] txqueuelen"));
                }
                if (kv.containsKey("mtu")) {
                    out.add(value(Attribute.MTU, "mtu", kv.get("mtu"), "[" + sec.getKey() + "] mtu"));
                }
            } else if (type.equals("sysfs")) {
                for (Map.Entry<String, String[]> e : kv.entrySet()) {
                    Matcher m = SYSFS.matcher(e.getKey());
                    if (!m.matches() || !Glob.matches(m.group("nic"), nic.name())) {
                        continue;
                    }
                    String rest = m.group("rest");
                    Attribute a = rest.equals("mtu") ? Attribute.MTU : rest.endsWith("xps_cpus") ? Attribute.XPS : Attribute.RPS;
                    out.add(value(a, rest, e.getValue(), "[" + sec.getKey() + "] " + e.getKey()));
                }
            }
        }
        return out;
    }

    private static OwnedValue value(Attribute a, String key, String[] valueAndProfile, String where) {
        return new OwnedValue(a, key, valueAndProfile[0], "tuned profile '" + valueAndProfile[1] + "' ("
                + valueAndProfile[2] + ") " + where + "=" + valueAndProfile[0], WHEN);
    }

    /**
     * "rx 4096 tx 4096" -> one value per ethtool parameter; tuned also takes ":", ";" and "," between
     * the words (_parse_config_parameters: "rx: 4096, tx: 4096").
     */
    private static void pairs(List<OwnedValue> out, Map<String, String[]> kv, String option, Attribute a, String section) {
        String[] v = kv.get(option);
        if (v == null) {
            return;
        }
        String[] words = v[0].trim().split("(:\\s*)|(\\s*[;,]\\s*)|(\\s+)");
        for (int i = 0; i + 1 < words.length; i += 2) {
            out.add(new OwnedValue(a, words[i], words[i + 1], "tuned profile '" + v[1] + "' (" + v[2] + ") ["
                    + section + "] " + option + "=" + v[0], WHEN));
        }
    }

    private static void merge(String profile, NicOwners owners, Map<String, Map<String, String[]>> into, int depth) {
        java.util.Optional<NicOwners.Ini> ini = owners.tunedProfile(profile);
        if (ini.isEmpty() || depth > 8) {
            return;
        }
        String include = IniText.last(ini.get().entries(), "main", "include");
        if (include != null) {
            for (String p : include.split("[\\s,]+")) {
                if (!p.isEmpty()) {
                    merge(p, owners, into, depth + 1);
                }
            }
        }
        for (IniText.Entry e : ini.get().entries()) {
            if (!e.section().equals("main")) {
                into.computeIfAbsent(e.section(), k -> new LinkedHashMap<>())
                        .put(e.key(), new String[] {e.value(), profile, ini.get().path()});
            }
        }
    }

    /** tuned's devices= list: comma-separated globs, "!" excludes. */
    private static boolean devices(String list, String name) {
        boolean hit = false;
        for (String g : list.split("\\s*,\\s*")) {
            String t = g.trim();
            if (t.startsWith("!") && Glob.matches(t.substring(1), name)) {
                return false;
            }
            hit |= !t.startsWith("!") && !t.isEmpty() && Glob.matches(t, name);
        }
        return hit;
    }
}
