package dev.netune.setting.nic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netune.fact.GatherOutput;
import dev.netune.plan.Change;
import dev.netune.plan.HostPlan;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The restore script netune installs, the units that run it, and the restore records drift reads. */
class NicPersistenceTest {

    @Test
    void aResolvedNicGetsItsPlannedValuesThenSteeringByIrqNameOnceItsIrqsExist() {
        String s = NicScriptSamples.restoreScript();
        assertTrue(s.startsWith("#!/bin/sh\n# Managed by netune."), s);
        assertTrue(s.contains("""
                if netune_known 'eth0' ''; then
                netune_ethtool 'ring' '-G' 'rx' '4096' 'tx' '4096'
                netune_ethtool 'coalesce' '-C' 'rx-usecs' '50'
                netune_mtu '9000'
                netune_rss 'equal' '2' 'hfunc' 'toeplitz'
                netune_pause 'rx' 'off' 'tx' 'off'
                netune_steer 'eth0-rx-0' 'eth0-tx-0'
                netune_irq 'eth0-rx-0' '1'
                netune_irq 'eth0-tx-0' '3'
                netune_sysfs 'queues/rx-0/rps_cpus' '3'
                netune_sysfs 'queues/tx-0/xps_cpus' '2'
                return 0
                fi
                """), s);
        assertTrue(s.contains("if netune_known 'eth1' ''; then\nreturn 0\nfi\n"), "a refused NIC gets nothing: " + s);
        assertTrue(s.contains("netune_put 'net.core.rps_sock_flow_entries 32768' '/proc/sys/net/core/rps_sock_flow_entries'"
                + " '32768'"), s);
        assertTrue(s.endsWith("netune_main \"$@\"\n"), s);
    }

    @Test
    void theScriptSourcesTheLibraryItsOwnOwnedFileAndHoldsOnlyThePerNicPart() {
        String s = NicScriptSamples.restoreScript();
        assertTrue(s.startsWith("#!/bin/sh\n" + dev.netune.setting.OwnedFile.header("the netune profile")
                + "\n# shellcheck source=/dev/null\n. '/etc/netune/lib/nic-restore.sh'\nnetune_settings() {\n"), s);
        assertFalse(s.contains("netune_restore()"), "the functions are in the library: " + s);
        String lib = NicScriptSamples.library();
        assertTrue(lib.startsWith(dev.netune.setting.OwnedFile.MANAGED + "\n"), lib);
        assertTrue(lib.contains("\nnetune_restore() {\n") && lib.contains("\nnetune_main() {\n"), lib);
    }

    private static NicBoot.Facts withFiles(NicBoot.Facts f, String script, String library) {
        return new NicBoot.Facts(f.systemd(), Optional.ofNullable(script), Optional.ofNullable(library), f.files(),
                f.enabled(), f.records());
    }

    private static HostPlan plan(NicBoot.Facts f) {
        HostPlan.Builder out = new HostPlan.Builder();
        NicBoot.plan(NicScriptSamples.desired(NicScriptSamples.PROFILE), NicScriptSamples.resolution(),
                new NicInventory(new TreeMap<>()), f, out);
        return out.build();
    }

    @Test
    void aFirstInstallWritesTheLibraryThenTheScriptAndASecondPlanIsClean() {
        HostPlan first = plan(facts("", true));
        assertEquals(List.of("nic-boot-library /etc/netune/lib/nic-restore.sh", "nic-boot-script /etc/netune/nic-settings.sh"),
                first.changes().stream().map(c -> c.kind() + " " + c.target()).toList());
        assertTrue(first.changes().stream().allMatch(Change::creates));
        String apply = NicBoot.applyScript(first.changes());
        assertTrue(apply.indexOf("'/etc/netune/lib/nic-restore.sh' '0644'") < apply.indexOf("'/etc/netune/nic-settings.sh' '0755'"),
                "the library is in place before a script that sources it: " + apply);

        HostPlan second = plan(withFiles(facts("", true), first.changes().get(1).after(), first.changes().get(0).after()));
        assertEquals(List.of(), second.changes());
    }

    @Test
    void aHostWithTheOldSingleFileScriptGetsTheLibraryAndTheShortScriptOnce() {
        String old = "#!/bin/sh\n" + dev.netune.setting.OwnedFile.header("the netune profile") + "\n"
                + dev.netune.transport.ShellScript.library("nic-restore") + "netune_settings() {\n:\n}\nnetune_main \"$@\"\n";
        HostPlan upgrade = plan(withFiles(facts("", true), old, null));
        assertEquals(List.of("CREATE nic-boot-library", "UPDATE nic-boot-script"),
                upgrade.changes().stream().map(c -> c.action() + " " + c.kind()).toList());
        HostPlan after = plan(withFiles(facts("", true), upgrade.changes().get(1).after(), upgrade.changes().get(0).after()));
        assertEquals(List.of(), after.changes());
    }

    @Test
    void rollbackRemovesTheScriptThenTheLibraryAndItsDirectoryWhenEmpty() {
        HostPlan first = plan(facts("", true));
        NicKind kind = new NicKind();
        List<Change> back = new java.util.ArrayList<>();
        for (int i = first.changes().size() - 1; i >= 0; i--) {
            back.add(kind.revert(first.changes().get(i)).orElseThrow());
        }
        assertEquals(List.of("DELETE nic-boot-script", "DELETE nic-boot-library"),
                back.stream().map(c -> c.action() + " " + c.kind()).toList());
        String script = NicBoot.applyScript(back);
        assertTrue(script.indexOf("netune_file_remove '/etc/netune/nic-settings.sh'\n")
                < script.indexOf("netune_file_remove '/etc/netune/lib/nic-restore.sh' 'dir'\n"), script);
        var removed = NicBoot.verify(back.get(1), GatherOutput.split(
                "@@netune applied file /etc/netune/lib/nic-restore.sh ok\n@@netune file /etc/netune/lib/nic-restore.sh absent\n"));
        assertTrue(removed.ok(), removed.toString());
    }

    @Test
    void aNicThePlanDidNotKnowGetsTheRulesValuesAndWhatNeedsThePlanIsRecordedAsNotRestored() {
        String s = NicScriptSamples.restoreScript();
        assertTrue(s.contains("""
                if netune_rule 'eth* ens?' 'e1000e' 'eth9' ''; then
                netune_ethtool 'ring' '-G' 'rx' 'max' 'tx' '4096'
                netune_ethtool 'coalesce' '-C' 'adaptive-rx' 'off' 'rx-usecs' '50'
                netune_ethtool 'offload' '-K' 'gro' 'off'
                netune_mtu '9000'
                netune_pause 'autoneg' 'off' 'rx' 'off' 'tx' 'off'
                netune_rule_irq '1 3'
                netune_rule_queues 'rx' 'rps_cpus' '3'
                netune_skip 'rps flowEntries' 'resolved only by a plan on a NIC present at plan time: run netune apply'
                netune_skip 'xps policy per-queue' 'resolved only by a plan on a NIC present at plan time: run netune apply'
                fi
                """), s);
        assertTrue(s.contains("if netune_rule '' 'virtio_net' '' ''; then\nnetune_ethtool 'channels' '-L' 'combined' '3'\n"
                + "netune_rss 'weight' '2' '1' '0' 'hfunc' 'toeplitz' 'hkey' '6d:5a:56:da'\n"
                + "netune_skip 'irqAffinity policy numa-local'"), "rss after channels, values quoted: " + s);
        assertTrue(s.contains("netune_rule_queues 'tx' 'xps_cpus' '2'\nfi\n"), s);
    }

    @Test
    void theUdevRuleStartsTheNicsUnitWhenANicAppearsOrIsRenamedAndTheWatcherRunsBeforeTheNetwork() {
        assertTrue(NicBoot.FILES.get(NicBoot.UDEV_RULE).endsWith("SUBSYSTEM==\"net\", ACTION==\"add|move\","
                + " RUN+=\"/bin/systemctl --no-block start netune-nic@$name.service\"\n"));
        assertTrue(NicBoot.FILES.get(NicBoot.TEMPLATE).contains("ExecStart=/bin/sh /etc/netune/nic-settings.sh %i\n"));
        String link = NicBoot.FILES.get(NicBoot.LINK_UNIT);
        assertTrue(link.contains("ExecStart=/bin/sh /etc/netune/nic-settings.sh watch\nRestart=always"), link);
        assertTrue(link.contains("Before=network-pre.target"), link);
        NicBoot.FILES.values().forEach(f -> assertTrue(f.startsWith("# Managed by netune."), f));
    }

    private static NicBoot.Facts facts(String records, boolean installed) {
        StringBuilder sb = new StringBuilder("@@netune nic-boot systemd\n");
        sb.append("@@netune file /etc/netune/nic-settings.sh absent\n@@netune file /etc/netune/lib/nic-restore.sh absent\n");
        NicBoot.FILES.forEach((p, c) -> sb.append("@@netune file ").append(p)
                .append(installed ? " present\n" + c + "\n" : " absent\n"));
        sb.append("@@netune nic-boot-enabled\n").append(installed ? "enabled\nenabled\n" : "disabled\ndisabled\n");
        sb.append(records);
        return NicBoot.SOURCE.parse(GatherOutput.split(sb.toString()));
    }

    @Test
    void aFailedRestoreIsDriftWithItsReasonAndAppliedByRunningTheRestoreAgain() {
        NicBoot.Facts f = facts("""
                @@netune nic-restore eth0
                restored=no
                event=link-up
                time=2026-11-30T08:00:01Z
                reason=irq eth0-rx-0 -> 1: write refused: Invalid argument
                @@netune nic-restore eth1
                restored=pending
                event=device add
                time=2026-11-30T08:00:01Z
                reason=IRQ affinity waits for link-up
                @@netune nic-restore eth7
                restored=no
                event=boot
                reason=not a NIC the profile tunes
                """, true);
        HostPlan.Builder out = new HostPlan.Builder();
        NicBoot.planRecords(NicScriptSamples.resolution(), f, out);
        List<Change> changes = out.build().changes();
        assertEquals(1, changes.size(), changes.toString());
        Change c = changes.get(0);
        assertEquals("nic-restore", c.kind().name());
        assertEquals("eth0", c.target());
        assertEquals("restored at link-up: no (irq eth0-rx-0 -> 1: write refused: Invalid argument)", c.before());
        assertEquals("restored: yes", c.after());
        assertEquals(List.of("at 2026-11-30T08:00:01Z; journalctl -t netune; apply runs the restore again"), c.notes());

        String apply = NicBoot.applyScript(List.of(c));
        assertTrue(apply.endsWith("\nnetune_nic_record_restore '/etc/netune/nic-settings.sh' 'eth0' '/var/lib/netune/nic-restore/eth0'\n"),
                apply);
        assertTrue(NicBoot.verify(c, GatherOutput.split("@@netune applied nic-restore eth0 0\n@@netune nic-restore eth0\n"
                + "restored=yes\nevent=netune apply\n")).ok());
        var failed = NicBoot.verify(c, GatherOutput.split("@@netune applied nic-restore eth0 0\n@@netune nic-restore eth0\n"
                + "restored=no\nevent=netune apply\nreason=irq eth0-rx-0 -> 1: write refused: Invalid argument\n"));
        assertFalse(failed.ok());
        assertEquals("restored at netune apply: no (irq eth0-rx-0 -> 1: write refused: Invalid argument)", failed.message());
    }

    @Test
    void unitsAreInstalledOnceAndAnOlderBootUnitIsRewritten() {
        NicPlanner.HostResolution r = NicScriptSamples.resolution();
        NicDesired d = NicScriptSamples.desired(NicScriptSamples.PROFILE);
        NicInventory none = new NicInventory(new TreeMap<>());
        HostPlan.Builder fresh = new HostPlan.Builder();
        NicBoot.plan(d, r, none, facts("", false), fresh);
        assertEquals(List.of("absent"), fresh.build().changesOf(NicBoot.UNIT_KIND).stream().map(Change::before).toList());

        HostPlan.Builder done = new HostPlan.Builder();
        NicBoot.plan(d, r, none, facts("", true), done);
        assertTrue(done.build().changesOf(NicBoot.UNIT_KIND).isEmpty());

        NicBoot.Facts old = new NicBoot.Facts(true, Optional.empty(), Optional.empty(), new TreeMap<>(Map.of(NicBoot.UNIT,
                Optional.of("# Managed by netune.\n[Service]\nExecStart=/bin/sh /etc/netune/nic-settings.sh\n"))),
                "enabled disabled", Map.of());
        HostPlan.Builder upgrade = new HostPlan.Builder();
        NicBoot.plan(d, r, none, old, upgrade);
        assertEquals(List.of("partly installed (/etc/systemd/system/netune-nic@.service is missing)"),
                upgrade.build().changesOf(NicBoot.UNIT_KIND).stream().map(Change::before).toList());
    }
}
