package dev.netune.setting.nic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netune.plan.Change;
import dev.netune.plan.ChangeKind;
import dev.netune.plan.HostPlan;
import dev.netune.plan.PlanError;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RSS and pause planned against the real QEMU guest: virtio_net eth1 with QEMU's rss=on (128-entry
 * default table over its 2 combined channels, max 4, toeplitz, 40-byte key) and e1000e eth0
 * (flow control on, no RSS).
 */
class RssPlanTest {
    private static final ChangeKind RSS = ChangeKind.of("nic.rss");

    private static HostPlan plan(String yaml) throws Exception {
        return NicPlans.plan(yaml, NicPlannerTest.guest());
    }

    private static List<String> errors(HostPlan p) {
        return p.errors().stream().map(e -> e.target() + ": " + e.message()).toList();
    }

    @Test
    void weightsAndPauseAreChangesWithReadableBeforeAndAfter() throws Exception {
        HostPlan p = plan("""
                nics:
                  - match: {name: eth1}
                    rss: {weights: [3, 1], hfunc: toeplitz}
                  - match: {name: eth0}
                    pause: {autoneg: off, rx: off, tx: off}
                """);
        assertEquals(List.of(), errors(p));
        assertTrue(p.changes().contains(new Change(RSS, "eth1 table", "default (equal 2)", "weight 3 1")), p.changes().toString());
        assertTrue(p.changes().contains(new Change(ChangeKind.of("nic.pause"), "eth0 rx", "on", "off",
                List.of("resets the link on most drivers"))), p.changes().toString());
        assertTrue(p.unchanged().stream().anyMatch(n -> n.reason().equals("rss eth1 hfunc is already toeplitz")),
                p.unchanged().toString());
    }

    @Test
    void equalOverTheQueuesInUseIsAlreadyThere() throws Exception {
        HostPlan p = plan("nics:\n  - match: {name: eth1}\n    rss: {equal: 2}\n");
        assertEquals(List.of(), p.changes(), "the default table over 2 queues is equal 2: nothing to do");
    }

    @Test
    void theTableIsCheckedAgainstTheChannelsTheSamePlanLeaves() throws Exception {
        HostPlan tooMany = plan("nics:\n  - match: {name: eth1}\n    rss: {equal: 3}\n");
        assertEquals(List.of("eth1 table: rss equal 3 of eth1 (virtio_net) needs 3 rx queues; it has 2 after this plan"
                + " (raise channels first, or spread over fewer)"), errors(tooMany));
        assertEquals(List.of(), tooMany.changes(), "nothing changes on a NIC with an error");

        HostPlan raised = plan("nics:\n  - match: {name: eth1}\n    channels: {combined: 4}\n    rss: {weights: [1, 1, 1, 0]}\n");
        assertEquals(List.of(), errors(raised));
        assertEquals(List.of("nic.channels eth1 combined", "nic.rss eth1 table"),
                raised.changes().stream().map(c -> c.kind().name() + " " + c.target()).toList(), "channels first");

        HostPlan lowered = plan("nics:\n  - match: {name: eth1}\n    channels: {combined: 1}\n    rss: {equal: 2}\n");
        assertTrue(errors(lowered).contains("eth1 table: rss equal 2 of eth1 (virtio_net) needs 2 rx queues; it has 1 after"
                + " this plan (raise channels first, or spread over fewer)"), errors(lowered).toString());
    }

    @Test
    void hashFunctionKeyLengthAndWeightsAreCheckedAgainstTheDriver() throws Exception {
        HostPlan p = plan("""
                nics:
                  - match: {name: eth1}
                    rss: {weights: [100, 100], hfunc: crc16, hkey: "6d:5a"}
                """);
        assertEquals(List.of(
                "eth1 hfunc: ethtool -x of eth1 (virtio_net) lists no RSS hash function crc16; it lists: toeplitz, xor, crc32",
                "eth1 hkey: hkey has 2 bytes; the RSS key of eth1 (virtio_net) has 40",
                "eth1 table: rss weights of eth1 (virtio_net) add up to 200, more than its 128-entry indirection table"
                        + " (ethtool refuses this)"), errors(p));
    }

    @Test
    void aDriverWithoutRssOrPauseIsAnErrorWithTheDriversMessage() throws Exception {
        HostPlan p = plan("""
                nics:
                  - match: {name: eth0}
                    rss: {equal: 1}
                  - match: {name: eth1}
                    pause: {rx: off}
                """);
        assertEquals(List.of(
                "eth0 table: eth0 (e1000e) cannot change the RSS table or hash: Cannot get RX ring count: Operation not supported",
                "eth1 rx: eth1 (virtio_net) cannot change flow control (pause): netlink error: Operation not supported"),
                errors(p));
        assertEquals(List.of(), p.changes());
    }

    @Test
    void rollbackOfADefaultTableIsEthtoolDefault() {
        assertEquals(List.of("ethtool", "-X", "eth1", "default"),
                NicCommands.argv("eth1", Attribute.RSS, java.util.Map.of("table", "default (equal 2)")));
        assertEquals(List.of("ethtool", "-X", "eth1", "weight", "96", "32", "hfunc", "toeplitz"),
                NicCommands.argv("eth1", Attribute.RSS, new java.util.TreeMap<>(java.util.Map.of("table", "weight 96 32",
                        "hfunc", "toeplitz"))));
    }

    @Test
    void errorsCarryTheRssKind() throws Exception {
        assertTrue(plan("nics:\n  - match: {name: eth1}\n    rss: {equal: 4}\n").errors().stream()
                .map(PlanError::kind).allMatch(RSS::equals));
    }

    @Test
    void fewerChannelsGetTheirTableFirstAndMoreChannelsAfterIt() {
        // the kernel refuses fewer rx channels than a user-set table names: a rollback of
        // "combined 2 -> 4 and weights over 4 queues" must reset the table before lowering channels
        Change down = new Change(ChangeKind.of("nic.channels"), "eth1 combined", "4", "2");
        Change table = new Change(RSS, "eth1 table", "weight 1 1 1 1", "default");
        Change otherNic = new Change(ChangeKind.of("nic.channels"), "eth0 combined", "1", "2");
        String back = new NicKind().applyScript(List.of(down, table, otherNic));
        int x = back.indexOf("netune_nic_cmd 'nic.rss' 'eth1'");
        int l = back.indexOf("netune_nic_cmd 'nic.channels' 'eth1'");
        assertTrue(x >= 0 && l > x, back);
        assertTrue(back.indexOf("netune_nic_cmd 'nic.rss' 'eth1'", l) > l, "and again over the queues left: " + back);

        Change up = new Change(ChangeKind.of("nic.channels"), "eth1 combined", "2", "4");
        Change spread = new Change(RSS, "eth1 table", "default", "weight 1 1 1 1");
        String forward = new NicKind().applyScript(List.of(up, spread));
        assertTrue(forward.indexOf("netune_nic_cmd 'nic.channels' 'eth1'") < forward.indexOf("netune_nic_cmd 'nic.rss' 'eth1'"),
                forward);
        assertEquals(List.of(Attribute.CHANNELS, Attribute.RING, Attribute.RSS),
                NicKind.inApplyOrder(java.util.Set.of(Attribute.RSS, Attribute.RING, Attribute.CHANNELS), false));
        assertEquals(List.of(Attribute.RSS, Attribute.CHANNELS, Attribute.RING, Attribute.RSS),
                NicKind.inApplyOrder(java.util.Set.of(Attribute.RSS, Attribute.RING, Attribute.CHANNELS), true));
    }
}
