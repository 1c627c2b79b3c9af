package dev.netune.setting.nic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netune.fact.GatherOutput;
import dev.netune.fact.nic.NicGather;
import dev.netune.plan.Change;
import dev.netune.plan.HostPlan;
import dev.netune.plan.PlanError;
import dev.netune.setting.ChangeResult;
import dev.netune.fact.Section;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Channel and coalesce rules end to end through the planner, over real captured outputs. */
class NicRulesPlanTest {

    private static String capture(String path) throws IOException {
        try (InputStream in = NicRulesPlanTest.class.getResourceAsStream("/captures/drivers/" + path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
    }

    /** One NIC with the given driver and ethtool -l / -c outputs. */
    private static NicInventory nic(String driver, String ethtoolL, String ethtoolC) {
        String text = "@@netune nic eth0 sys\nmtu=1500\nis_virtual=0\ndriver=" + driver + "\nrx_queues=4\ntx_queues=4\n"
                + "@@netune nic eth0 ethtool-l 0\n" + ethtoolL + "\n"
                + "@@netune nic eth0 ethtool-c 0\n" + ethtoolC + "\n";
        return new NicInventory(NicGather.parse(GatherOutput.split(text)));
    }

    private static HostPlan plan(String yaml, NicInventory inv) {
        return NicPlans.plan(yaml, inv);
    }

    @Test
    void iceSumAboveTheRxMaximumIsAPlanErrorNotAnApplyFailure() throws Exception {
        NicInventory inv = nic("ice", capture("unattributed/ethtool-l-rx-tx-and-combined.txt"),
                capture("virtio_net/ethtool-c.txt"));
        HostPlan p = plan("nics:\n  - match: {name: eth0}\n    channels: {combined: 64, rx: 8}\n", inv);
        assertEquals(List.of("ice: combined + rx = 72 is above the RX maximum 64"),
                p.errors().stream().map(PlanError::message).toList());
        assertEquals(List.of(), p.changes());
    }

    @Test
    void ioctlTextCoalesceKeyPlansWithSupportUnknownAndVerifyNamesTheRefusal() throws Exception {
        NicInventory inv = nic("ixgbevf", capture("unattributed/ethtool-l-rx-tx-only.txt"),
                capture("ixgbevf/ethtool-c-ioctl.txt"));
        HostPlan p = plan("nics:\n  - match: {name: eth0}\n    coalesce: {rx-frames: 16}\n", inv);
        assertEquals(List.of(), p.errors());
        Change c = p.changes().get(0);
        assertEquals("eth0 rx-frames", c.target());
        assertTrue(c.notes().get(0).startsWith("driver support unknown"), c.notes().toString());

        // apply: the driver refuses; verify names the key whose support could not be read
        List<Section> after = GatherOutput.split("@@netune applied " + c.kind().name() + " eth0 1\n"
                + "Cannot set device coalesce parameters: Operation not supported\n"
                + "@@netune nic eth0 sys\nmtu=1500\ndriver=ixgbevf\n"
                + "@@netune nic eth0 ethtool-c 0\n" + capture("ixgbevf/ethtool-c-ioctl.txt") + "\n");
        ChangeResult r = new NicKind().verify(List.of(c), after).get(0);
        assertTrue(r.message().startsWith("the driver refused coalesce key rx-frames (its support could not be read on this host):"),
                r.message());
    }

    @Test
    void jsonCoalesceLeavesOutWhatTheDriverCannotDoSoPlanningRefusesIt() throws Exception {
        NicInventory inv = nic("mlx5_core", capture("unattributed/ethtool-l-rx-tx-only.txt"),
                capture("unattributed/ethtool-json-c-duplicate-keys.txt"));
        HostPlan p = plan("nics:\n  - match: {name: eth0}\n    coalesce: {rx-usecs: 16, rx-usecs-irq: 4}\n", inv);
        assertEquals(1, p.errors().size(), p.errors().toString());
        assertTrue(p.errors().get(0).message().contains("does not support coalesce key rx-usecs-irq"), p.errors().toString());
    }
}
