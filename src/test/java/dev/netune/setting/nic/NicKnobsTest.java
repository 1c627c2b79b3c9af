package dev.netune.setting.nic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netune.fact.GatherOutput;
import dev.netune.fact.nic.NicGather;
import dev.netune.plan.Change;
import dev.netune.plan.ChangeKind;
import dev.netune.plan.HostPlan;
import dev.netune.profile.Problems;
import dev.netune.profile.YamlNode;
import dev.netune.setting.ChangeResult;
import dev.netune.setting.shared.IrqbalanceIntent;
import dev.netune.setting.shared.QdiscModules;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** txqueuelen, napi and qdisc on NIC rules: load, plan against the host, apply, verify, restore, rollback. */
class NicKnobsTest {
    /** Debian 12's sch_* modules on the 6.1 guest, fewer: cake and fq present, no sch_nosuch. */
    private static final QdiscModules MODULES = new QdiscModules(Optional.of(Set.of("sch_fq", "sch_fq_codel", "sch_cake")));

    /** eth0: one queue (e1000e), the kernel's fq_codel; eth1: four queues, the kernel's mq with fq_codel. */
    static String gather(boolean oldKernel) {
        String napi = oldKernel ? "gro_flush_timeout=0\n" : "napi_defer_hard_irqs=0\ngro_flush_timeout=0\nthreaded=0\n";
        return "@@netune nic eth0 sys\nmtu=1500\ntx_queue_len=1000\n" + napi + "is_virtual=0\ndriver=e1000e\nrx_queues=1\ntx_queues=1\n"
                + "@@netune nic eth0 qdisc 0\nqdisc fq_codel 0: root refcnt 2 limit 10240p flows 1024 quantum 1514\n"
                + "@@netune nic eth1 sys\nmtu=1500\ntx_queue_len=1000\n" + napi + "is_virtual=0\ndriver=virtio_net\nrx_queues=4\n"
                + "tx_queues=4\n@@netune nic eth1 qdisc 0\nqdisc mq 0: root \n"
                + "qdisc fq_codel 0: parent :4 limit 10240p\nqdisc fq_codel 0: parent :3 limit 10240p\n"
                + "qdisc fq_codel 0: parent :2 limit 10240p\nqdisc fq_codel 0: parent :1 limit 10240p\n";
    }

    static NicInventory inventory(String gather) {
        return new NicInventory(NicGather.parse(GatherOutput.split(gather)));
    }

    static NicDesired load(String yaml, Problems problems) {
        YamlNode node = YamlNode.parse(new StringReader(yaml), Path.of("p.yaml"), problems).orElseThrow();
        return NicSchema.load(node.mapping().get("nics")).orElse(null);
    }

    static HostPlan plan(String yaml, String gather) {
        Problems problems = new Problems();
        NicDesired desired = load(yaml, problems);
        assertTrue(problems.list().isEmpty(), problems.list()::toString);
        HostPlan.Builder out = new HostPlan.Builder();
        QueueFacts queues = QueueFacts.SOURCE.parse(GatherOutput.split("@@netune cpus\nonline=0-1\npossible=0-1\n"));
        NicPlanner.plan(desired, inventory(gather), queues, IrqbalanceIntent.UNCHANGED, MODULES, out);
        return out.build();
    }

    private static final String PROFILE = """
            nics:
              - match: {name: eth0}
                txqueuelen: 10000
                napi: {deferHardIrqs: 2, groFlushTimeout: 200000, threaded: true}
                qdisc: {root: fq}
              - match: {name: eth1}
                qdisc: {root: mq, child: fq}
            """;

    @Test
    void plansEachKnobWithTheBeforeTheHostHolds() {
        HostPlan p = plan(PROFILE, gather(false));
        assertEquals(List.of(), p.errors());
        List<String> lines = p.changes().stream().map(c -> c.kind() + " " + c.target() + ": " + c.before() + " -> " + c.after())
                .toList();
        assertEquals(List.of("nic.txqueuelen eth0: 1000 -> 10000", "nic.napi eth0 deferHardIrqs: 0 -> 2",
                "nic.napi eth0 groFlushTimeout: 0 -> 200000", "nic.napi eth0 threaded: 0 -> 1",
                "nic.qdisc eth0: fq_codel -> fq", "nic.qdisc eth1: mq (fq_codel) -> mq (fq)"), lines);
        assertTrue(p.changes().get(4).notes().contains(KnobChecks.KERNEL_DEFAULT), p.changes().get(4)::toString);
    }

    @Test
    void whatTheHostAlreadyHoldsIsNoChangeAndMqAloneLeavesTheChildren() {
        HostPlan p = plan("""
                nics:
                  - match: {name: eth1}
                    txqueuelen: 1000
                    qdisc: {root: mq}
                """, gather(false));
        assertEquals(List.of(), p.changes());
        assertEquals(2, p.unchanged().size(), p.unchanged()::toString);
    }

    @Test
    void theHostRefusesMqOnOneQueueAQdiscItCannotLoadAndNapiKeysItsKernelLacks() {
        HostPlan p = plan("""
                nics:
                  - match: {name: eth0}
                    qdisc: {root: mq, child: fq_codel}
                  - match: {name: eth1}
                    qdisc: {root: sfq}
                    napi: {threaded: true, deferHardIrqs: 2, groFlushTimeout: 1000}
                """, gather(true));
        List<String> errors = p.errors().stream().map(e -> e.target() + ": " + e.message()).toList();
        assertEquals(List.of(
                "eth0: mq needs a multi-queue device; eth0 has 1 transmit queue: use a root such as fq or fq_codel",
                "eth1 deferHardIrqs: napi deferHardIrqs: /sys/class/net/eth1/napi_defer_hard_irqs is not supported by this"
                        + " kernel (needs Linux 5.8)",
                "eth1 threaded: napi threaded: /sys/class/net/eth1/threaded is not supported by this kernel (needs Linux 5.12)",
                "eth1: qdisc 'sfq' is not built into this kernel nor loadable as sch_sfq; this kernel has: bfifo cake fq"
                        + " fq_codel mq noqueue pfifo pfifo_fast pfifo_head_drop"), errors);
        assertEquals(List.of(), p.changes(), "a NIC with an error gets no change");
    }

    @Test
    void theLoaderHoldsValuesToTheKernelsBounds() {
        Problems problems = new Problems();
        load("""
                nics:
                  - match: {name: eth0}
                    txqueuelen: 4294967296
                    napi: {deferHardIrqs: 2147483648, threaded: maybe}
                  - match: {name: eth1}
                    qdisc: {root: fq, child: fq_codel}
                  - match: {name: eth2}
                    qdisc: {root: mqprio}
                  - match: {name: eth3}
                    qdisc: {root: mq, child: htb}
                """, problems);
        String all = problems.list().toString();
        for (String m : List.of("4294967296 is out of range (0..4294967295)", "2147483648 is out of range (0..2147483647)",
                "child needs root: mq", "mqprio needs a traffic-class map", "'htb' is not a child qdisc netune sets")) {
            assertTrue(all.contains(m), m + " in " + all);
        }
    }

    @Test
    void applyRunsKnobsAfterEveryNicsChannelsAndMtuAndRollbackToTheKernelsQdiscDeletesOurs() {
        Change channels = new Change(ChangeKind.of("nic.channels"), "eth1 combined", "2", "4");
        Change mtu = new Change(ChangeKind.of("nic.mtu"), "eth0 mtu", "1500", "9000");
        Change napi = new Change(ChangeKind.of("nic.napi"), "eth1 deferHardIrqs", "0", "2");
        Change qdisc = new Change(ChangeKind.of("nic.qdisc"), "eth1", "mq (fq_codel)", "mq (fq)",
                List.of(KnobChecks.KERNEL_DEFAULT));
        Change txq = new Change(ChangeKind.of("nic.txqueuelen"), "eth0", "1000", "10000");
        String script = new NicKind().applyScript(List.of(qdisc, napi, txq, channels, mtu));
        int l = script.indexOf("'ethtool' '-L' 'eth1'");
        int m = script.indexOf("'ip' 'link' 'set' 'dev' 'eth0' 'mtu'");
        int n = script.indexOf("netune_nic_cmd 'nic.napi' 'eth1' 'netune_napi_set' 'eth1' 'napi_defer_hard_irqs' '2'");
        int q = script.indexOf("netune_nic_cmd 'nic.qdisc' 'eth1' 'netune_qdisc_set' 'eth1' 'mq' 'fq'");
        int t = script.indexOf("netune_nic_cmd 'nic.txqueuelen' 'eth0' 'ip' 'link' 'set' 'dev' 'eth0' 'txqueuelen' '10000'");
        assertTrue(l >= 0 && m >= 0 && n > l && n > m && q > m && t > m, script);
        Change back = new NicKind().revert(qdisc).orElseThrow();
        assertEquals("mq (fq_codel)", back.after());
        assertTrue(new NicKind().applyScript(List.of(back)).contains(
                "netune_nic_cmd 'nic.qdisc' 'eth1' 'netune_qdisc_default' 'eth1'\n"));
        Change set = new Change(ChangeKind.of("nic.qdisc"), "eth0", "fq", "fq_codel");
        assertTrue(new NicKind().applyScript(List.of(new NicKind().revert(set).orElseThrow())).contains(
                "'netune_qdisc_set' 'eth0' 'fq'\n"), "a before someone set is set again");
    }

    @Test
    void verifyReadsTheKnobsBack() {
        Change qdisc = new Change(ChangeKind.of("nic.qdisc"), "eth1", "mq (fq_codel)", "mq (fq)");
        Change txq = new Change(ChangeKind.of("nic.txqueuelen"), "eth0", "1000", "10000");
        String after = gather(false).replace("tx_queue_len=1000\nnapi_defer_hard_irqs=0\ngro_flush_timeout=0\nthreaded=0\n"
                + "is_virtual=0\ndriver=e1000e", "tx_queue_len=10000\nis_virtual=0\ndriver=e1000e")
                + "@@netune applied nic.qdisc eth1 0\n@@netune applied nic.txqueuelen eth0 0\n";
        List<ChangeResult> results = new NicKind().verify(List.of(qdisc, txq), GatherOutput.split(after));
        assertEquals(List.of(false, true), results.stream().map(ChangeResult::ok).toList(), results::toString);
        assertEquals("the kernel holds mq (fq_codel) after setting mq (fq)", results.get(0).message());
    }

    @Test
    void theRestoreScriptSetsTheKnobsWithQuotedValues() {
        Problems problems = new Problems();
        NicDesired desired = load(PROFILE, problems);
        HostPlan.Builder out = new HostPlan.Builder();
        NicInventory inv = inventory(gather(false));
        QueueFacts queues = QueueFacts.SOURCE.parse(GatherOutput.split("@@netune cpus\nonline=0-1\npossible=0-1\n"));
        NicPlanner.HostResolution r = NicPlanner.plan(desired, inv, queues, IrqbalanceIntent.UNCHANGED, MODULES, out);
        String script = NicRestoreScript.content(desired, r, inv.nics());
        for (String line : List.of("netune_knob_txqueuelen '10000'\n",
                "netune_knob_napi 'napi_defer_hard_irqs' '2' 'gro_flush_timeout' '200000' 'threaded' '1'\n",
                "netune_knob_qdisc 'fq'\n", "netune_knob_qdisc 'mq' 'fq'\n")) {
            assertTrue(script.contains(line), line + " in " + script);
        }
        assertTrue(script.contains(". '" + NicBoot.LIBRARY + "'\n"), "sources the library");
        assertTrue(NicRestoreScript.library().contains("netune_knob() {"), "the library brings the nic-knobs functions");
        assertTrue(script.indexOf("netune_knob_txqueuelen") < script.indexOf("netune_knob_qdisc 'fq'"));
    }

    @Test
    void factsShowTheQueueingOfEachNic() {
        String text = inventory(gather(true)).toText();
        assertTrue(text.contains("  queueing: txqueuelen 1000, napi_defer_hard_irqs (not in this kernel), gro_flush_timeout 0,"
                + " threaded (not in this kernel), qdisc mq (fq_codel)\n"), text);
    }
}
