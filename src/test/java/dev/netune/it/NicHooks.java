package dev.netune.it;

/** Removes every NIC persistence file and unit netune installs on the guest, so a test starts without them. */
final class NicHooks {
    /** Guest shell commands; always succeed. */
    static final String REMOVE = "systemctl disable --now netune-nic-link.service netune-nic.service 2>/dev/null;"
            + " rm -rf /etc/netune/nic-settings.sh /etc/netune/lib /etc/systemd/system/netune-nic.service"
            + " /etc/systemd/system/netune-nic@.service /etc/systemd/system/netune-nic-link.service"
            + " /etc/udev/rules.d/90-netune-nic.rules /var/lib/netune/nic-restore /run/netune;"
            + " systemctl daemon-reload; udevadm control --reload; true";

    private NicHooks() {
    }
}
