package dev.netune.engine;

import dev.netune.plan.ChangeKind;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.netune.fact.GatherOutput;
import dev.netune.fact.SessionRoute;
import dev.netune.plan.Change;
import dev.netune.plan.HostPlan;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RevertTest {
    @Test
    void undoingALinkResettingChangeOnTheSessionsNicIsAConnectionRiskLikeItsApply() {
        List<Change> applied = List.of(new Change(ChangeKind.of("nic.mtu"), "eth0 mtu", "1500", "1400"),
                new Change(ChangeKind.of("nic.mtu"), "eth1 mtu", "1500", "9000"), new Change(ChangeKind.of("sysctl"), "net.core.somaxconn", "4096", "8192"));
        HostPlan back = Revert.withSessionRisks(Revert.plan(applied),
                new SessionRoute(Optional.of("10.0.0.1"), Optional.of("eth0")));
        assertEquals(List.of("sysctl", "nic.mtu", "nic.mtu"), back.changes().stream().map(c -> c.kind().name()).toList());
        assertEquals(List.of("nic.mtu eth0 mtu: eth0 carries this SSH session (client 10.0.0.1)"), back.connectionRisks());
        assertEquals(List.of(), Revert.withSessionRisks(Revert.plan(applied.subList(1, 3)),
                new SessionRoute(Optional.of("10.0.0.1"), Optional.of("eth0"))).connectionRisks());
    }

    @Test
    void snapshotsKeepTheHostsOrderNotTheirIds() {
        SnapshotFacts f = SnapshotFacts.SOURCE.parse(GatherOutput.split("@@netune snapshots\n"
                + "{\"id\":\"20261130T050000Z-aaaa\",\"time\":\"t\",\"by\":\"a@x\",\"changes\":[]}\n"
                + "{\"id\":\"29990101T000000Z-bbbb\",\"time\":\"t\",\"by\":\"b@skewed\",\"changes\":[]}\n"));
        assertEquals(List.of("20261130T050000Z-aaaa", "29990101T000000Z-bbbb"),
                f.snapshots().stream().map(Snapshot::id).toList());
    }
}
