package dev.netune.setting.nic;

import dev.netune.transport.Shell;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The commands that set NIC attributes, as quoted shell words (the values were validated at load). */
final class NicCommands {
    private NicCommands() {
    }

    /** The command as words, to be quoted by the caller: {@code ethtool -G eth0 rx 4096 tx 4096}, or {@code ip link set dev eth0 mtu 9000}. */
    static List<String> argv(String nic, Attribute a, Map<String, String> values) {
        List<String> argv = new ArrayList<>();
        if (a == Attribute.MTU) {
            argv.addAll(List.of("ip", "link", "set", "dev", nic, "mtu", values.get("mtu")));
            return argv;
        }
        argv.addAll(List.of("ethtool", a.ethtoolOption, nic));
        if (a == Attribute.RSS) {
            argv.addAll(rssWords(values));
            return argv;
        }
        values.forEach((k, v) -> {
            argv.add(k);
            argv.add(v);
        });
        return argv;
    }

    /**
     * The words after {@code ethtool -X DEV}: the table ("equal 8", "weight 1 1 0 0", or "default"
     * for a "default (equal N)" read before), then hfunc and hkey.
     */
    static List<String> rssWords(Map<String, String> values) {
        List<String> words = new ArrayList<>();
        String table = values.get("table");
        if (table != null) {
            words.addAll(table.startsWith(RssChecks.DEFAULT) ? List.of(RssChecks.DEFAULT) : List.of(table.split(" ")));
        }
        for (String k : List.of("hfunc", "hkey")) {
            if (values.containsKey(k)) {
                words.add(k);
                words.add(values.get(k));
            }
        }
        return words;
    }

    /**
     * The same command as one line of quoted words, for the boot script netune writes to the host
     * (its text is compared by drift, so it keeps the form it always had).
     */
    static String command(String nic, Attribute a, Map<String, String> values) {
        StringBuilder sb = new StringBuilder();
        if (a == Attribute.MTU) {
            return sb.append("ip link set dev ").append(Shell.quote(nic)).append(" mtu ")
                    .append(Shell.quote(values.get("mtu"))).toString();
        }
        sb.append("ethtool ").append(a.ethtoolOption).append(' ').append(Shell.quote(nic));
        values.forEach((k, v) -> sb.append(' ').append(Shell.quote(k)).append(' ').append(Shell.quote(v)));
        return sb.toString();
    }
}
