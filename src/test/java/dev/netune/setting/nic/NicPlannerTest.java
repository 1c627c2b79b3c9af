package dev.netune.setting.nic;

import dev.netune.plan.ChangeKind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netune.fact.GatherOutput;
import dev.netune.fact.Section;
import dev.netune.fact.nic.NicGather;
import dev.netune.plan.Change;
import dev.netune.plan.HostPlan;
import dev.netune.plan.PlanError;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Golden cases of NIC planning: a profile's nics rules and the real QEMU guest's ethtool output
 * (e1000e eth0, multiqueue virtio_net eth1, lo) in; changes and per-host errors out.
 */
class NicPlannerTest {

    private static String capture(String name) throws IOException {
        try (InputStream in = NicPlannerTest.class.getResourceAsStream("/captures/qemu-guest/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
    }

    static NicInventory guest() throws IOException {
        return guest(false);
    }

    /** The guest's NICs; without ethtool every query reports what the gather prints then (exit 127). */
    private static NicInventory guest(boolean noEthtool) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append("@@netune nic eth0 sys\nmtu=1500\nis_virtual=0\nmtu_range=68 9212\ndriver=e1000e\nbus=0000:01:00.0\n"
                + "msi_irqs=32 33 34\nrx_queues=1\ntx_queues=1\n");
        sb.append("@@netune nic eth1 sys\nmtu=1500\nis_virtual=0\nmtu_range=68 65535\ndriver=virtio_net\nbus=virtio0\n"
                + "parent_bus=0000:02:00.0\nmsi_irqs=35 36 37 38 39 40 41 42 43\nrx_queues=2\ntx_queues=2\n");
        sb.append("@@netune nic lo sys\nmtu=65536\nis_virtual=1\nrx_queues=1\ntx_queues=1\n");
        for (String nic : List.of("eth0", "eth1")) {
            for (String q : List.of("i", "g", "l", "c", "k", "x", "a")) {
                String text = noEthtool ? "ethtool: command not found" : capture(nic + "-ethtool-" + q + ".txt");
                int rc = noEthtool ? 127 : text.contains("Operation not supported") ? 1 : 0; // as the guest exits
                sb.append("@@netune nic ").append(nic).append(" ethtool-").append(q).append(' ').append(rc).append('\n')
                        .append(text).append('\n');
            }
        }
        sb.append("@@netune interrupts\n").append(capture("proc-interrupts.txt")).append('\n');
        List<Section> sections = GatherOutput.split(sb.toString());
        return new NicInventory(NicGather.parse(sections));
    }

    private static HostPlan plan(String yaml) throws IOException {
        return plan(yaml, guest());
    }

    private static HostPlan plan(String yaml, NicInventory inventory) throws IOException {
        return NicPlans.plan(yaml, inventory);
    }

    private static List<String> errors(HostPlan p) {
        return p.errors().stream().map(PlanError::message).toList();
    }

    @Test
    void maxResolvesPerNicAndChangesComeInApplyOrder() throws Exception {
        HostPlan p = plan("""
                nics:
                  - match: {driver: e1000e}
                    ring: {rx: 4096, tx: max}
                    coalesce: {rx-usecs: 50}
                    offload: {gro: off}
                    mtu: 9000
                  - match: {name: "eth*", driver: virtio_net}
                    channels: {combined: max}
                """);
        assertEquals(List.of(), p.errors());
        assertEquals(List.of(
                new Change(ChangeKind.of("nic.ring"), "eth0 rx", "256", "4096", List.of("resets the link on most drivers")),
                new Change(ChangeKind.of("nic.ring"), "eth0 tx", "256", "4096", List.of("max of eth0", "resets the link on most drivers")),
                new Change(ChangeKind.of("nic.coalesce"), "eth0 rx-usecs", "3", "50"),
                new Change(ChangeKind.of("nic.offload"), "eth0 gro", "on", "off"),
                new Change(ChangeKind.of("nic.mtu"), "eth0 mtu", "1500", "9000", List.of("resets the link on most drivers")),
                new Change(ChangeKind.of("nic.channels"), "eth1 combined", "2", "4", List.of("max of eth1", "resets the link on most drivers"))),
                p.changes());
        assertTrue(p.warnings().contains("eth0: channel, ring or MTU changes reset the link on most drivers"
                + " (traffic stops for a moment)"), p.warnings().toString());
    }

    @Test
    void laterRuleWinsPerKeyAndVirtualDevicesNeedTheirExactName() throws Exception {
        HostPlan p = plan("""
                nics:
                  - match: {name: "*"}
                    mtu: 9000
                  - match: {name: eth1}
                    mtu: 1500
                """);
        assertEquals(List.of(new Change(ChangeKind.of("nic.mtu"), "eth0 mtu", "1500", "9000", List.of("resets the link on most drivers"))),
                p.changes(), "eth1 keeps 1500 (later rule), lo is not matched by a glob");
        assertTrue(p.unchanged().stream().anyMatch(n -> n.reason().equals("mtu eth1 mtu is already 1500")));
    }

    @Test
    void whatTheDriverCannotDoIsAnErrorNamingNicKeyWantedAndAllowed() throws Exception {
        HostPlan p = plan("""
                nics:
                  - match: {name: eth0}
                    ring: {rx: 8192, rx-jumbo: 512}
                    channels: {combined: 2}
                    coalesce: {rx-frames: 8}
                    offload: {lro: on}
                    mtu: 9500
                  - match: {name: eth1}
                    channels: {rx: 2}
                    ring: {rx: 128}
                """);
        assertEquals(List.of(
                "eth0 (e1000e) cannot change channels: netlink error: Operation not supported",
                "ring rx 8192 is above the pre-set maximum 4096 of eth0 (e1000e)",
                "eth0 (e1000e) has no rx-jumbo ring",
                "driver of eth0 (e1000e) does not support coalesce key rx-frames; it supports: rx-usecs",
                "offload lro of eth0 (e1000e) is fixed off by the driver [fixed]; it cannot be turned on",
                "mtu 9500 is outside what eth0 (e1000e) allows (68..9212)",
                "eth1 (virtio_net) has no rx channels; it has combined channels (up to 4)"), errors(p));
        assertEquals(List.of(), p.changes(), "a NIC with any error gets no change, not even its valid ring");
    }

    @Test
    void aNicNamedExactlyThatIsMissingIsDrift() throws Exception {
        HostPlan p = plan("""
                nics:
                  - match: {name: eth7}
                    mtu: 9000
                """);
        assertEquals(List.of(new Change(ChangeKind.of("nic.presence"), "eth7", "absent", "present",
                List.of("netune cannot create a NIC: check the hardware, the driver or the name"))), p.changes());
        assertEquals(List.of("no NIC on this host matches the profile's nics rules"), p.warnings());
    }

    @Test
    void withoutEthtoolAMatchingRuleIsOneErrorPerHostNamingThePackage() throws Exception {
        HostPlan p = plan("""
                nics:
                  - match: {name: "eth*"}
                    ring: {rx: 1024}
                    coalesce: {rx-usecs: 50}
                    mtu: 9000
                  - match: {driver: virtio_net}
                    channels: {combined: 2}
                    offload: {gro: on}
                """, guest(true));
        assertEquals(List.of("ethtool is not installed on this host: install the ethtool package to change channels,"
                + " rings, coalescing or offloads of eth0, eth1 (nothing on this host is changed until then)"), errors(p));
        assertEquals(List.of(), p.changes(), "not even the MTU, which needs no ethtool: the host changes whole or not at all");
    }

    @Test
    void withoutEthtoolRulesThatMatchNoNicOrNeedNoEthtoolPlanFine() throws Exception {
        NicInventory noEthtool = guest(true);
        HostPlan none = plan("""
                nics:
                  - match: {driver: ixgbe}
                    ring: {rx: 4096}
                  - match: {name: "ens*"}
                    channels: {combined: max}
                """, noEthtool);
        assertEquals(List.of(), none.errors());
        assertEquals(List.of(), none.changes());
        assertEquals(List.of("no NIC on this host matches the profile's nics rules"), none.warnings());
        // the driver comes from sysfs, so a driver rule still finds its NIC without ethtool
        HostPlan mtu = plan("""
                nics:
                  - match: {driver: e1000e}
                    mtu: 9000
                """, noEthtool);
        assertEquals(List.of(), mtu.errors());
        assertEquals(List.of(new Change(ChangeKind.of("nic.mtu"), "eth0 mtu", "1500", "9000",
                List.of("resets the link on most drivers"))), mtu.changes());
    }

    @Test
    void factsOfAHostWithoutEthtoolSayUnknownNotUnsupported() throws Exception {
        String text = guest(true).toText();
        assertTrue(text.contains("eth0: driver e1000e, bus 0000:01:00.0, mtu 1500, queues rx 1 tx 1\n"
                + "  ring: unknown (ethtool missing)\n  channels: unknown (ethtool missing)\n"
                + "  coalesce: unknown (ethtool missing)\n  offload: unknown (ethtool missing)\n"), text);
        assertTrue(guest().toText().contains("  channels: unsupported (netlink error: Operation not supported)\n"));
    }
}
