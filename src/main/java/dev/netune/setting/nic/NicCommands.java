package dev.netune.setting.nic;

import dev.netune.transport.Shell;
import java.util.Map;

/** The commands that set NIC attributes, as quoted shell words (the values were validated at load). */
final class NicCommands {
    private NicCommands() {
    }

    /** {@code ethtool -G 'eth0' 'rx' '4096' 'tx' '4096'}, or {@code ip link set dev 'eth0' mtu '9000'}. */
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
