package dev.netune.setting.nic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netune.fact.GatherOutput;
import dev.netune.fact.Section;
import dev.netune.fact.nic.NicGather;
import dev.netune.plan.HostPlan;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which other program overwrites a planned NIC value, and when (fixtures: src/test/resources/owners). */
class OwnerWarningsTest {

    private static String res(String path) throws IOException {
        try (InputStream in = OwnerWarningsTest.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String capture(String name) throws IOException {
        return res("/captures/qemu-guest/" + name).strip();
    }

    /** The guest's e1000e eth0 with its MAC, as the gather prints it. */
    private static NicInventory guest() throws IOException {
        StringBuilder sb = new StringBuilder("@@netune nic eth0 sys\nmtu=1500\naddress=52:54:00:12:34:02\ntype=1\n"
                + "is_virtual=0\ndriver=e1000e\nbus=0000:01:00.0\nrx_queues=1\ntx_queues=1\n");
        for (String q : List.of("i", "g", "l", "c", "k", "a")) {
            String text = capture("eth0-ethtool-" + q + ".txt");
            int rc = text.contains("Operation not supported") ? 1 : 0;
            sb.append("@@netune nic eth0 ethtool-").append(q).append(' ').append(rc).append('\n').append(text).append('\n');
        }
        return new NicInventory(NicGather.parse(GatherOutput.split(sb.toString())));
    }

    private static NicOwners owners(String... blocks) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String b : blocks) {
            String[] kf = b.split(":", 2);
            sb.append("@@netune nic-owner ").append(kf[0]).append('\n')
                    .append(kf[1].startsWith("/") ? res("/owners/" + kf[1].substring(1)) : kf[1] + "\n");
        }
        List<Section> sections = GatherOutput.split(sb.toString());
        return NicOwners.SOURCE.parse(sections);
    }

    private static List<String> warn(String yaml, NicOwners owners) throws IOException {
        NicInventory inv = guest();
        return OwnerWarnings.warnings(NicPlans.resolve(yaml, inv, new HostPlan.Builder()).nics(), inv, owners);
    }

    private static final String PROFILE = """
            nics:
              - match: {name: eth0}
                ring: {rx: 4096, tx: 4096}
                coalesce: {rx-usecs: 50}
                offload: {gro: on}
            """;

    @Test
    void theFirstMatchingLinkFileWarnsPerKeyItSetsDifferently() throws Exception {
        List<String> w = warn(PROFILE, owners("link:/05-rx-ring.link", "link:/10-eth0.link"));
        assertEquals(List.of(
                "eth0 ring rx: the .link file /etc/systemd/network/05-rx-ring.link sets RxBufferSize=512 (netune: 4096);"
                        + " it will overwrite netune's value at the next udev add/move of the device (boot, driver reload,"
                        + " hot-plug, udevadm trigger)",
                "eth0 coalesce rx-usecs: the .link file /etc/systemd/network/05-rx-ring.link sets RxCoalesceSec=100us"
                        + " (netune: 50); it will overwrite netune's value at the next udev add/move of the device (boot,"
                        + " driver reload, hot-plug, udevadm trigger)",
                "eth0 offload gro: the .link file /etc/systemd/network/05-rx-ring.link sets GenericReceiveOffload=false"
                        + " (netune: on); it will overwrite netune's value at the next udev add/move of the device (boot,"
                        + " driver reload, hot-plug, udevadm trigger)"), w);
        // TxBufferSize=4096 agrees with netune: no warning for it
    }

    @Test
    void aLaterLinkFileNeverAppliesSoItDoesNotWarn() throws Exception {
        String later = "path=/etc/systemd/network/50-ring.link\n[Match]\nMACAddress=52:54:00:12:34:02\n[Link]\nRxBufferSize=256\n";
        assertEquals(List.of(), warn(PROFILE, owners("link:/10-eth0.link", "link:" + later)));
        // and a file masked in /etc hides the one of the same name in /usr/lib
        String usr = "path=/usr/lib/systemd/network/05-rx-ring.link\n[Match]\nOriginalName=*\n[Link]\nRxBufferSize=256\n";
        assertEquals(List.of(), warn(PROFILE, owners("link:path=/etc/systemd/network/05-rx-ring.link\nmasked=1",
                "link:" + usr, "link:/10-eth0.link")));
    }

    @Test
    void aNetworkManagerConnectionForTheInterfaceWarnsAtItsNextActivation() throws Exception {
        List<String> w = warn(PROFILE, owners("nm:/nm-wired.nmconnection"));
        // coalesce-rx-usecs=50 agrees with netune: only ring rx and gro conflict
        assertEquals(2, w.size(), w.toString());
        assertTrue(w.get(0).startsWith("eth0 ring rx: NetworkManager connection 'Wired connection 1'"
                + " (/etc/NetworkManager/system-connections/Wired connection 1.nmconnection) sets ethtool.ring-rx=1024"
                + " (netune: 4096); it will overwrite netune's value at the next activation of connection 'Wired connection 1'"), w.get(0));
        assertTrue(w.get(1).startsWith("eth0 offload gro: NetworkManager connection 'Wired connection 1'"), w.get(1));
    }

    @Test
    void theActiveTunedProfileAndItsIncludeWarnTheIncludingProfileWinning() throws Exception {
        List<String> w = warn(PROFILE, owners("tuned-active:network-latency", "tuned:/tuned-network-latency.conf",
                "tuned:/tuned-latency-performance.conf"));
        assertEquals(List.of(
                "eth0 coalesce rx-usecs: tuned profile 'network-latency' (/usr/lib/tuned/network-latency/tuned.conf) [net]"
                        + " coalesce=rx-usecs 0 tx-usecs 0 (netune: 50); it will overwrite netune's value at the next tuned"
                        + " (re)start or profile switch, and when tuned sees the device added",
                "eth0 offload gro: tuned profile 'network-latency' (/usr/lib/tuned/network-latency/tuned.conf) [net]"
                        + " features=gro off (netune: on); it will overwrite netune's value at the next tuned (re)start or"
                        + " profile switch, and when tuned sees the device added"), w);
        // ring=rx 4096 from the included latency-performance agrees with netune: no warning
    }

    @Test
    void unreadableConnectionsAreSaidNotGuessed() throws Exception {
        List<String> w = warn(PROFILE, owners("nm-unreadable:path=/etc/NetworkManager/system-connections/a.nmconnection"));
        assertEquals(List.of("eth0: NetworkManager connection files netune cannot read"
                + " (/etc/NetworkManager/system-connections/a.nmconnection) may set ethtool values for it too; gather as root to check"), w);
    }

    @Test
    void tunedSysfsRpsMasksConflictWithNetunesRps() throws Exception {
        NicInventory inv = guest();
        NicPlanner.HostResolution r = NicPlans.resolve("nics:\n  - match: {name: eth0}\n    rps: {cpus: 0-1}\n", inv,
                new HostPlan.Builder(), "eth0 rx-0 rps_cpus=0 rps_flow_cnt=0\neth0 tx-0 xps_cpus=0\n");
        List<String> w = OwnerWarnings.warnings(r.nics(), inv,
                owners("tuned-active:network-latency", "tuned:/tuned-network-latency.conf"));
        assertEquals(1, w.size(), w.toString());
        assertTrue(w.get(0).startsWith("eth0 rps queues/rx-*/rps_cpus: tuned profile 'network-latency'"
                + " (/usr/lib/tuned/network-latency/tuned.conf) [sysfs] /sys/class/net/*/queues/rx-*/rps_cpus=0"
                + " (netune: queues/rx-0/rps_cpus "), w.get(0));
    }

    @Test
    void theNicKindGathersTheOwners() {
        assertTrue(new NicKind().facts(new NicDesired(List.of())).contains(NicOwners.SOURCE));
    }

    @Test
    void flowControlAndTheTransmitQueueLengthOfLinkFilesAndNetworkManagerAreOwnersToo() throws Exception {
        String profile = """
                nics:
                  - match: {name: eth0}
                    pause: {autoneg: off, rx: off, tx: off}
                    txqueuelen: 10000
                """;
        List<String> link = warn(profile, owners("link:path=/etc/systemd/network/20-flow.link\n[Match]\n"
                + "MACAddress=52:54:00:12:34:02\n[Link]\nRxFlowControl=yes\nTxFlowControl=no\nTransmitQueueLength=1000"));
        assertEquals(List.of(
                "eth0 pause rx: the .link file /etc/systemd/network/20-flow.link sets RxFlowControl=yes (netune: off);"
                        + " it will overwrite netune's value at the next udev add/move of the device (boot, driver reload,"
                        + " hot-plug, udevadm trigger)",
                "eth0 txqueuelen txqueuelen: the .link file /etc/systemd/network/20-flow.link sets TransmitQueueLength=1000"
                        + " (netune: 10000); it will overwrite netune's value at the next udev add/move of the device (boot,"
                        + " driver reload, hot-plug, udevadm trigger)"), link);
        List<String> nm = warn(profile, owners("nm:path=/etc/NetworkManager/system-connections/w.nmconnection\n"
                + "[connection]\nid=w\ninterface-name=eth0\n[ethtool]\npause-rx=true\npause-tx=false"));
        assertEquals(List.of("eth0 pause rx: NetworkManager connection 'w' (/etc/NetworkManager/system-connections/w.nmconnection)"
                + " sets ethtool.pause-rx=true (netune: off); it will overwrite netune's value at the next activation of"
                + " connection 'w'"), nm, "pause-tx=false agrees with netune");
        // tuned's [net] pause= and txqueuelen= (plugin_net.py), with the "key: value," spelling it also takes
        List<String> tuned = warn(profile, owners("tuned-active:flow", "tuned:profile=flow\npath=/etc/tuned/flow/tuned.conf\n"
                + "[main]\nsummary=flow\n[net]\ntype=net\ndevices=eth*\npause=autoneg: off, rx: on\ntxqueuelen=5000"));
        assertEquals(List.of(
                "eth0 pause rx: tuned profile 'flow' (/etc/tuned/flow/tuned.conf) [net] pause=autoneg: off, rx: on"
                        + " (netune: off); it will overwrite netune's value " + TunedOwner.WHEN,
                "eth0 txqueuelen txqueuelen: tuned profile 'flow' (/etc/tuned/flow/tuned.conf) [net] txqueuelen=5000"
                        + " (netune: 10000); it will overwrite netune's value " + TunedOwner.WHEN), tuned);
    }
}
