package dev.netune.setting.nic;

import dev.netune.plan.ChangeKind;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.netune.fact.SessionRoute;
import dev.netune.plan.Change;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConnectionRiskTest {
    private static final List<Change> CHANGES = List.of(
            new Change(ChangeKind.of("nic.mtu"), "mgmt0 mtu", "1500", "9000"),
            new Change(ChangeKind.of("nic.ring"), "mgmt0 rx", "256", "1024"),
            new Change(ChangeKind.of("nic.channels"), "eth1 combined", "2", "4"),
            new Change(ChangeKind.of("nic.coalesce"), "mgmt0 rx-usecs", "3", "50"),
            new Change(ChangeKind.of("nic.offload"), "mgmt0 gro", "on", "off"),
            new Change(ChangeKind.of("nic-boot-script"), "/etc/netune/nic-settings.sh", null, "#!/bin/sh"));

    @Test
    void linkResettingChangesOnTheSessionNicAreRisks() {
        SessionRoute session = new SessionRoute(Optional.of("10.0.2.2"), Optional.of("mgmt0"));
        assertEquals(List.of(
                "nic.mtu mgmt0 mtu: mgmt0 carries this SSH session (client 10.0.2.2)",
                "nic.ring mgmt0 rx: mgmt0 carries this SSH session (client 10.0.2.2)"),
                NicKind.connectionRisks(CHANGES, session));
    }

    @Test
    void withAnUnknownRouteEveryLinkResettingChangeIsARisk() {
        SessionRoute session = new SessionRoute(Optional.of("10.0.2.2"), Optional.empty());
        assertEquals(List.of(
                "nic.mtu mgmt0 mtu: the NIC carrying this SSH session is unknown",
                "nic.ring mgmt0 rx: the NIC carrying this SSH session is unknown",
                "nic.channels eth1 combined: the NIC carrying this SSH session is unknown"),
                NicKind.connectionRisks(CHANGES, session));
    }

    @Test
    void aLocalRunHasNoSessionToCut() {
        assertEquals(List.of(), NicKind.connectionRisks(CHANGES, SessionRoute.LOCAL));
    }
}
