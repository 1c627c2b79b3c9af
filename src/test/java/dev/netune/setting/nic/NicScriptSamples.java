package dev.netune.setting.nic;

import dev.netune.profile.Problems;
import dev.netune.profile.YamlNode;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/** Restore scripts as netune installs them on a host, for the syntax test of every generated script. */
public final class NicScriptSamples {
    private NicScriptSamples() {
    }

    static NicDesired desired(String yaml) {
        Problems problems = new Problems();
        YamlNode node = YamlNode.parse(new StringReader(yaml), Path.of("p.yaml"), problems).orElseThrow();
        return NicSchema.load(node.mapping().get("nics")).orElseThrow(() -> new AssertionError(problems.list().toString()));
    }

    static final String PROFILE = """
            nics:
              - match: {name: ["eth*", "ens?"], driver: e1000e}
                exclude: {name: eth9}
                ring: {rx: max, tx: 4096}
                coalesce: {rx-usecs: 50, adaptive-rx: "off"}
                offload: {gro: "off"}
                mtu: 9000
                irqAffinity: {cpus: "1,3"}
                rps: {cpus: "0-1", flowEntries: 32768}
                xps: {policy: per-queue}
                pause: {autoneg: "off", rx: "off", tx: "off"}
              - match: {driver: virtio_net}
                channels: {combined: 3}
                rss: {weights: [2, 1, 0], hfunc: toeplitz, hkey: "6d:5a:56:da"}
                irqAffinity: {policy: numa-local}
                xps: {cpus: "1"}
            """;

    static NicPlanner.HostResolution resolution() {
        SortedMap<Attribute, SortedMap<String, String>> values = new TreeMap<>();
        values.put(Attribute.RING, new TreeMap<>(Map.of("rx", "4096", "tx", "4096")));
        values.put(Attribute.COALESCE, new TreeMap<>(Map.of("rx-usecs", "50")));
        values.put(Attribute.MTU, new TreeMap<>(Map.of("mtu", "9000")));
        values.put(Attribute.RSS, new TreeMap<>(Map.of("table", "equal 2", "hfunc", "toeplitz")));
        values.put(Attribute.PAUSE, new TreeMap<>(Map.of("rx", "off", "tx", "off")));
        SortedMap<String, String> steering = new TreeMap<>(Map.of("irq eth0-rx-0", "1", "irq eth0-tx-0", "3",
                "queues/rx-0/rps_cpus", "3", "queues/tx-0/xps_cpus", "2"));
        return new NicPlanner.HostResolution(List.of(new NicPlanner.Resolved("eth0", values, steering, false),
                new NicPlanner.Resolved("eth1", new TreeMap<>(), new TreeMap<>(), true)), Optional.of("32768"));
    }

    /** The restore script for {@link #PROFILE} on a host with eth0 resolved and eth1 refused. */
    public static String restoreScript() {
        return NicRestoreScript.content(desired(PROFILE), resolution(), Map.of());
    }

    /** The restore script of a profile with the knobs (txqueuelen, napi, qdisc), for eth0 resolved and any virtio NIC. */
    public static String restoreScriptWithKnobs() {
        SortedMap<Attribute, SortedMap<String, String>> values = new TreeMap<>();
        values.put(Attribute.TXQUEUELEN, new TreeMap<>(Map.of("txqueuelen", "10000")));
        values.put(Attribute.NAPI, new TreeMap<>(Map.of("deferHardIrqs", "2", "threaded", "1")));
        values.put(Attribute.QDISC, new TreeMap<>(Map.of("qdisc", "fq")));
        return NicRestoreScript.content(desired("""
                nics:
                  - match: {driver: virtio_net}
                    txqueuelen: 10000
                    napi: {deferHardIrqs: 2, groFlushTimeout: 200000, threaded: true}
                    qdisc: {root: mq, child: fq}
                """), new NicPlanner.HostResolution(List.of(new NicPlanner.Resolved("eth0", values, new TreeMap<>(), false)),
                Optional.empty()), Map.of());
    }

    /** The script as sh reads it on the host: the library it sources in place of the line that sources it. */
    public static String restoreScriptWithItsLibrary() {
        return withItsLibrary(restoreScript());
    }

    /** A restore script as sh reads it on the host: the library in place of the line that sources it. */
    public static String withItsLibrary(String script) {
        return script.replace(". '" + NicBoot.LIBRARY + "'\n", NicRestoreScript.library());
    }

    /** The library file as installed. */
    public static String library() {
        return NicRestoreScript.library();
    }
}
