package dev.netune.setting.nic;

/**
 * A NIC value another program sets: which attribute and key (netune's names), the value it
 * writes, who writes it and when it will write it again.
 */
record OwnedValue(Attribute attribute, String key, String value, String owner, String when) {
}
