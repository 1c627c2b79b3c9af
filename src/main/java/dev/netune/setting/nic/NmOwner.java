package dev.netune.setting.nic;

import dev.netune.fact.nic.NicFacts;
import dev.netune.fact.nic.SysInfo;
import dev.netune.text.Glob;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * NetworkManager connection profiles (keyfiles) whose ethtool settings or MTU apply to a NIC.
 *
 * <p>NetworkManager applies a connection's {@code [ethtool]} settings ({@code ring-rx},
 * {@code channels-combined}, {@code coalesce-rx-usecs}, {@code feature-gro}, ...) and its
 * ethernet {@code mtu} each time it activates the connection on a device. A connection is for a
 * NIC when its {@code interface-name} is the NIC's name, its ethernet {@code mac-address} the
 * NIC's address, or its {@code [match] interface-name} globs hold; a connection bound to none of
 * them may be activated on any device, which the warning says.
 */
final class NmOwner {
    private NmOwner() {
    }

    static List<OwnedValue> values(NicFacts nic, List<NicOwners.Ini> connections) {
        List<OwnedValue> out = new ArrayList<>();
        String mac = nic.sys().value().flatMap(SysInfo::address).orElse("").toLowerCase(Locale.ROOT);
        for (NicOwners.Ini c : connections) {
            String id = IniText.last(c.entries(), "connection", "id");
            String name = IniText.last(c.entries(), "connection", "interface-name");
            String cmac = IniText.last(c.entries(), "ethernet", "mac-address");
            if (cmac == null) {
                cmac = IniText.last(c.entries(), "802-3-ethernet", "mac-address");
            }
            String match = IniText.last(c.entries(), "match", "interface-name");
            boolean bound = name != null || cmac != null || match != null;
            boolean mine = (name != null && name.equals(nic.name()))
                    || (cmac != null && cmac.toLowerCase(Locale.ROOT).equals(mac))
                    || (match != null && anyGlob(match, nic.name()));
            if (bound && !mine) {
                continue;
            }
            String who = "NetworkManager connection '" + (id == null ? NicOwners.baseName(c.path()) : id) + "' ("
                    + c.path() + (bound ? "" : "; bound to no device, so maybe on this one") + ")";
            String when = "at the next activation of connection '" + (id == null ? c.path() : id) + "'";
            for (IniText.Entry e : c.entries()) {
                String s = e.section();
                if ((s.equals("ethernet") || s.equals("802-3-ethernet")) && e.key().equals("mtu")
                        && !e.value().equals("0") && !e.value().isEmpty()) {
                    out.add(new OwnedValue(Attribute.MTU, "mtu", e.value(), who + " sets mtu=" + e.value(), when));
                } else if (s.equals("ethtool")) {
                    ethtool(e).ifPresent(v -> out.add(new OwnedValue(v.attribute(), v.key(), v.value(),
                            who + " sets ethtool." + e.key() + "=" + e.value(), when)));
                }
            }
        }
        return out;
    }

    private static java.util.Optional<OwnedValue> ethtool(IniText.Entry e) {
        String k = e.key();
        String v = e.value();
        if (k.startsWith("ring-")) {
            return of(Attribute.RING, k.substring(5), v);
        }
        if (k.startsWith("channels-")) {
            return of(Attribute.CHANNELS, k.substring(9), v);
        }
        if (k.startsWith("coalesce-")) {
            String key = k.substring(9);
            return of(Attribute.COALESCE, key, key.startsWith("adaptive") ? onOff(v) : v);
        }
        if (k.startsWith("feature-")) {
            return of(Attribute.OFFLOAD, k.substring(8), onOff(v));
        }
        if (k.startsWith("pause-")) { // pause-autoneg, pause-rx, pause-tx (NetworkManager 1.32)
            return of(Attribute.PAUSE, k.substring(6), onOff(v));
        }
        return java.util.Optional.empty(); // eee, ... : netune does not set them
    }

    private static java.util.Optional<OwnedValue> of(Attribute a, String key, String value) {
        return java.util.Optional.of(new OwnedValue(a, key, value, "", ""));
    }

    private static String onOff(String v) {
        String b = IniText.onOff(v);
        return b == null ? v : b;
    }

    /** NetworkManager's match list: globs separated by spaces or commas; "!" negates one. */
    private static boolean anyGlob(String list, String name) {
        boolean hit = false;
        for (String g : list.split("[\\s,]+")) {
            if (g.startsWith("!") && Glob.matches(g.substring(1), name)) {
                return false;
            }
            hit |= !g.startsWith("!") && !g.isEmpty() && Glob.matches(g, name);
        }
        return hit;
    }
}
