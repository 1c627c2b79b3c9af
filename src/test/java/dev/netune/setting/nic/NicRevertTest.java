package dev.netune.setting.nic;

import dev.netune.plan.ChangeKind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netune.plan.Change;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NicRevertTest {
    private final NicKind kind = new NicKind();

    @Test
    void nicValuesAndTheBootScriptGoBack() {
        assertEquals(Optional.of(new Change(ChangeKind.of("nic.mtu"), "eth0 mtu", "9000", "1500", List.of("rollback"))),
                kind.revert(new Change(ChangeKind.of("nic.mtu"), "eth0 mtu", "1500", "9000")));
        assertEquals(Optional.of(new Change(NicBoot.SCRIPT_KIND, NicBoot.SCRIPT, "#!/bin/sh", null, List.of("rollback"))),
                kind.revert(new Change(NicBoot.SCRIPT_KIND, NicBoot.SCRIPT, null, "#!/bin/sh")));
    }

    @Test
    void aUnitThisApplyInstalledIsRemovedAndOneThatExistedStays() {
        assertEquals(Optional.of(new Change(NicBoot.UNIT_KIND, NicBoot.UNIT, NicBoot.INSTALLED, "absent", List.of("rollback"))),
                kind.revert(new Change(NicBoot.UNIT_KIND, NicBoot.UNIT, "absent", NicBoot.INSTALLED)));
        assertEquals(Optional.empty(), kind.revert(new Change(NicBoot.UNIT_KIND, NicBoot.UNIT, "differs", NicBoot.INSTALLED)));
    }

    @Test
    void removingTheUnitsStopsTheWatcherDisablesThemRemovesEveryFileAndReadsThemBack() {
        String script = NicBoot.applyScript(List.of(new Change(NicBoot.UNIT_KIND, NicBoot.UNIT, NicBoot.INSTALLED, "absent")));
        assertTrue(script.startsWith(dev.netune.transport.ShellScript.library("nic-units")
                + "netune_nic_units_remove 'netune-nic.service' 'netune-nic-link.service' '/etc/systemd/system/netune-nic.service'"
                + " '/etc/systemd/system/netune-nic@.service' '/etc/systemd/system/netune-nic-link.service'"
                + " '/etc/udev/rules.d/90-netune-nic.rules'\n"), script);
        for (String f : NicBoot.FILES.keySet()) {
            assertTrue(script.contains(dev.netune.setting.OwnedFile.readScript(f)), "reads back " + f + ": " + script);
        }
        assertTrue(script.contains("netune_nic_units_enabled 'netune-nic.service' 'netune-nic-link.service'\n"), script);
    }

    @Test
    void aRestoreRunIsNotUndone() {
        assertEquals(Optional.empty(), kind.revert(new Change(NicRestoreRecord.KIND, "eth0", "restored at link-up: no (x)",
                NicRestoreRecord.WANTED)));
    }
}
