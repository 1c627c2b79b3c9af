package dev.netune.fact.nic;

import java.util.List;

/**
 * Everything gathered about one network interface.
 *
 * <p>Each ethtool fact is an {@link Outcome}: a driver that lacks a feature, a host without
 * ethtool or an unreadable output leaves that one fact empty with the reason, and the rest usable.
 * {@code queueIrqs} are the vectors of this NIC's queues, matched from sysfs {@code msi_irqs} and
 * the action names in {@code /proc/interrupts}; empty for virtual devices. {@code rss} is the
 * indirection table and hash of {@code ethtool -x}, {@code pause} the flow control of {@code -a};
 * {@code qdiscs} is what
 * {@code tc qdisc show dev X} printed (failed when tc is not installed).
 */
public record NicFacts(
        String name,
        Outcome<SysInfo> sys,
        Outcome<DriverInfo> driver,
        Outcome<RingInfo> rings,
        Outcome<ChannelInfo> channels,
        Outcome<CoalesceInfo> coalesce,
        Outcome<FeatureInfo> features,
        List<QueueIrq> queueIrqs,
        Outcome<QdiscTree> qdiscs,
        Outcome<RssInfo> rss,
        Outcome<PauseInfo> pause) {

    public NicFacts {
        queueIrqs = List.copyOf(queueIrqs);
    }
}
