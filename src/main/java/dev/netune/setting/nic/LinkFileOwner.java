package dev.netune.setting.nic;

import dev.netune.fact.nic.NicFacts;
import dev.netune.fact.nic.SysInfo;
import dev.netune.text.Glob;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The systemd {@code .link} file udev applies to a NIC, and the values of it that netune also sets.
 *
 * <p>udev (net_setup_link) takes the FIRST file, in lexical order of file name across
 * /etc, /run and /usr/lib (a name in an earlier directory hides the same name later; an empty
 * file or a link to /dev/null masks it), whose {@code [Match]} holds; a file with an empty
 * {@code [Match]} is ignored. Matching here uses what netune gathered: {@code MACAddress}
 * (and {@code PermanentMACAddress}) against the current address, {@code OriginalName} against
 * the current name, {@code Driver}, {@code Path} as {@code pci-<address>}, {@code Type}; other
 * matchers (Property, Host, KernelCommandLine, ...) cannot be evaluated and count as holding, which
 * the warning says.
 */
final class LinkFileOwner {
    static final String WHEN = "at the next udev add/move of the device (boot, driver reload, hot-plug, udevadm trigger)";

    /** .link [Link] keys that set what netune sets: key -> attribute and netune key. */
    private static final Map<String, String[]> KEYS = Map.ofEntries(
            Map.entry("MTUBytes", new String[] {"MTU", "mtu"}),
            Map.entry("RxBufferSize", new String[] {"RING", "rx"}),
            Map.entry("RxMiniBufferSize", new String[] {"RING", "rx-mini"}),
            Map.entry("RxJumboBufferSize", new String[] {"RING", "rx-jumbo"}),
            Map.entry("TxBufferSize", new String[] {"RING", "tx"}),
            Map.entry("RxChannels", new String[] {"CHANNELS", "rx"}),
            Map.entry("TxChannels", new String[] {"CHANNELS", "tx"}),
            Map.entry("OtherChannels", new String[] {"CHANNELS", "other"}),
            Map.entry("CombinedChannels", new String[] {"CHANNELS", "combined"}),
            Map.entry("UseAdaptiveRxCoalesce", new String[] {"COALESCE", "adaptive-rx"}),
            Map.entry("UseAdaptiveTxCoalesce", new String[] {"COALESCE", "adaptive-tx"}),
            Map.entry("RxCoalesceSec", new String[] {"COALESCE", "rx-usecs"}),
            Map.entry("RxCoalesceIrqSec", new String[] {"COALESCE", "rx-usecs-irq"}),
            Map.entry("RxCoalesceLowSec", new String[] {"COALESCE", "rx-usecs-low"}),
            Map.entry("RxCoalesceHighSec", new String[] {"COALESCE", "rx-usecs-high"}),
            Map.entry("TxCoalesceSec", new String[] {"COALESCE", "tx-usecs"}),
            Map.entry("TxCoalesceIrqSec", new String[] {"COALESCE", "tx-usecs-irq"}),
            Map.entry("TxCoalesceLowSec", new String[] {"COALESCE", "tx-usecs-low"}),
            Map.entry("TxCoalesceHighSec", new String[] {"COALESCE", "tx-usecs-high"}),
            Map.entry("RxMaxCoalescedFrames", new String[] {"COALESCE", "rx-frames"}),
            Map.entry("RxMaxCoalescedIrqFrames", new String[] {"COALESCE", "rx-frames-irq"}),
            Map.entry("RxMaxCoalescedLowFrames", new String[] {"COALESCE", "rx-frames-low"}),
            Map.entry("RxMaxCoalescedHighFrames", new String[] {"COALESCE", "rx-frames-high"}),
            Map.entry("TxMaxCoalescedFrames", new String[] {"COALESCE", "tx-frames"}),
            Map.entry("TxMaxCoalescedIrqFrames", new String[] {"COALESCE", "tx-frames-irq"}),
            Map.entry("TxMaxCoalescedLowFrames", new String[] {"COALESCE", "tx-frames-low"}),
            Map.entry("TxMaxCoalescedHighFrames", new String[] {"COALESCE", "tx-frames-high"}),
            Map.entry("StatisticsBlockCoalesceSec", new String[] {"COALESCE", "stats-block-usecs"}),
            Map.entry("CoalescePacketRateLow", new String[] {"COALESCE", "pkt-rate-low"}),
            Map.entry("CoalescePacketRateHigh", new String[] {"COALESCE", "pkt-rate-high"}),
            Map.entry("CoalescePacketRateSampleIntervalSec", new String[] {"COALESCE", "sample-interval"}),
            Map.entry("ReceiveChecksumOffload", new String[] {"OFFLOAD", "rx"}),
            Map.entry("TransmitChecksumOffload", new String[] {"OFFLOAD", "tx"}),
            Map.entry("TCPSegmentationOffload", new String[] {"OFFLOAD", "tso"}),
            Map.entry("TCP6SegmentationOffload", new String[] {"OFFLOAD", "tx-tcp6-segmentation"}),
            Map.entry("GenericSegmentationOffload", new String[] {"OFFLOAD", "gso"}),
            Map.entry("GenericReceiveOffload", new String[] {"OFFLOAD", "gro"}),
            Map.entry("GenericReceiveOffloadHardware", new String[] {"OFFLOAD", "rx-gro-hw"}),
            Map.entry("LargeReceiveOffload", new String[] {"OFFLOAD", "lro"}),
            Map.entry("ReceiveVLANCTAGHardwareAcceleration", new String[] {"OFFLOAD", "rxvlan"}),
            Map.entry("TransmitVLANCTAGHardwareAcceleration", new String[] {"OFFLOAD", "txvlan"}),
            Map.entry("ReceiveVLANCTAGFilter", new String[] {"OFFLOAD", "rx-vlan-filter"}),
            Map.entry("NTupleFilter", new String[] {"OFFLOAD", "ntuple"}),
            Map.entry("RxFlowControl", new String[] {"PAUSE", "rx"}),
            Map.entry("TxFlowControl", new String[] {"PAUSE", "tx"}),
            Map.entry("AutoNegotiationFlowControl", new String[] {"PAUSE", "autoneg"}),
            Map.entry("TransmitQueueLength", new String[] {"TXQUEUELEN", "txqueuelen"}));

    private LinkFileOwner() {
    }

    /** What the .link file udev applies to this NIC sets of netune's values. */
    static List<OwnedValue> values(NicFacts nic, List<NicOwners.Ini> files) {
        for (NicOwners.Ini f : files) {
            if (f.masked()) {
                continue;
            }
            Optional<List<String>> unknown = matches(nic, f);
            if (unknown.isEmpty()) {
                continue;
            }
            // the first file that matches is the one udev applies; later ones never are
            String owner = "the .link file " + f.path()
                    + (unknown.get().isEmpty() ? "" : " (if its [Match] " + String.join(", ", unknown.get())
                    + " holds; netune cannot evaluate that)");
            List<OwnedValue> out = new ArrayList<>();
            for (IniText.Entry e : f.entries()) {
                String[] k = KEYS.get(e.key());
                if (!e.section().equals("Link") || k == null || e.value().isEmpty()) {
                    continue;
                }
                String v = k[0].equals("OFFLOAD") || k[0].equals("PAUSE") || k[1].startsWith("adaptive")
                        ? IniText.onOff(e.value()) : e.value();
                if (k[1].contains("usecs") && !k[1].equals("sample-interval")) {
                    v = usecs(e.value());
                }
                out.add(new OwnedValue(Attribute.valueOf(k[0]), k[1], v == null ? e.value() : v,
                        owner + " sets " + e.key() + "=" + e.value(), WHEN));
            }
            return out;
        }
        return List.of();
    }

    /**
     * Whether the file's [Match] holds for the NIC: empty when it does not (or the file is ignored),
     * else the matchers netune could not evaluate.
     */
    static Optional<List<String>> matches(NicFacts nic, NicOwners.Ini f) {
        Optional<SysInfo> sys = nic.sys().value();
        String mac = sys.flatMap(SysInfo::address).orElse("").toLowerCase(Locale.ROOT);
        String driver = NicMatch.driverOf(nic);
        String path = sys.flatMap(SysInfo::bus).filter(b -> b.contains(":")).map(b -> "pci-" + b).orElse("");
        String type = sys.map(s -> s.type().orElse(0) == 1 ? "ether" : "").orElse("");
        List<String> unknown = new ArrayList<>();
        boolean any = false;
        for (IniText.Entry e : f.entries()) {
            if (!e.section().equals("Match")) {
                continue;
            }
            any = true;
            boolean ok = switch (e.key()) {
                case "MACAddress", "PermanentMACAddress" -> e.value().isEmpty()
                        || List.of(e.value().toLowerCase(Locale.ROOT).split("\\s+")).contains(mac);
                case "OriginalName" -> globs(e.value(), nic.name());
                case "Driver" -> globs(e.value(), driver);
                case "Path" -> globs(e.value(), path);
                case "Type" -> globs(e.value(), type);
                default -> {
                    unknown.add(e.key() + "=" + e.value());
                    yield true;
                }
            };
            if (!ok) {
                return Optional.empty();
            }
        }
        return any ? Optional.of(unknown) : Optional.empty(); // an empty [Match]: udev ignores the file
    }

    /** A systemd glob list, optionally negated with a leading "!". */
    private static boolean globs(String list, String value) {
        String l = list.trim();
        boolean negate = l.startsWith("!");
        if (negate) {
            l = l.substring(1).trim();
        }
        if (l.isEmpty()) {
            return true;
        }
        boolean hit = false;
        for (String g : l.split("\\s+")) {
            hit |= Glob.matches(g, value);
        }
        return negate != hit;
    }

    /** A systemd time span ("100us", "1ms", "2s", "5" = seconds) in microseconds; the text when it is none. */
    static String usecs(String span) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(\\d+)\\s*(us|usec|ms|msec|s|sec)?$").matcher(span.trim());
        if (!m.matches()) {
            return span;
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return Long.toString(switch (unit) {
            case "us", "usec" -> n;
            case "ms", "msec" -> n * 1000;
            default -> n * 1_000_000;
        });
    }
}
