package dev.netune.setting.nic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.netune.fact.nic.ChannelInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The kernel's and the drivers' whole-request channel rules over real {@code ethtool -l} outputs. */
class ChannelRulesTest {

    private static ChannelInfo capture(String driver, String file) throws IOException {
        try (InputStream in = ChannelRulesTest.class.getResourceAsStream("/captures/drivers/" + driver + "/" + file)) {
            return ChannelInfo.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static SortedMap<String, String> want(String... kv) {
        SortedMap<String, String> m = new TreeMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void iceRefusesCombinedPlusRxAboveTheRxMaximumThoughEachKeyIsWithinItsOwn() throws Exception {
        ChannelInfo c = capture("unattributed", "ethtool-l-rx-tx-and-combined.txt"); // max rx 64, combined 64
        // each alone is allowed (combined 64 <= 64, rx 8 <= 64); ice_set_channels refuses the sum
        assertEquals(List.of("ice: combined + rx = 72 is above the RX maximum 64"),
                ChannelRules.check("ens10f0", "ice", c, want("combined", "64", "rx", "8")));
        assertEquals(List.of("ice: dedicated RX and TX channels cannot be used together; asked: combined 8, rx 4, tx 4"),
                ChannelRules.check("ens10f0", "ice", c, want("combined", "8", "rx", "4", "tx", "4")));
        assertEquals(List.of(), ChannelRules.check("ens10f0", "ice", c, want("combined", "32", "rx", "8")));
    }

    @Test
    void theKernelRefusesCountsThatLeaveNoTxChannel() throws Exception {
        ChannelInfo c = capture("unattributed", "ethtool-l-rx-tx-only.txt"); // rx 4 tx 1, no combined
        assertEquals(List.of("channels of eno1 (combined 0, rx 4, tx 0) would leave no TX channel; the kernel refuses that"),
                ChannelRules.check("eno1", "igb", c, want("tx", "0")));
        assertEquals(List.of(), ChannelRules.check("eno1", "igb", c, want("tx", "2")));
    }

    @Test
    void i40eTakesCombinedOnlyAndKeepsItsOtherVector() throws Exception {
        ChannelInfo c = capture("i40e", "ethtool-l.txt"); // old ethtool: RX 0 TX 0 Other 1
        assertEquals(List.of("i40e keeps other channels at 1 (its misc vector); asked: 0"),
                ChannelRules.check("enP1s5f0", "i40e", c, want("combined", "4", "other", "0")));
        assertEquals(List.of(), ChannelRules.check("enP1s5f0", "i40e", c, want("combined", "4")));
    }

    @Test
    void virtioNetCombinedZeroIsRefused() throws Exception {
        ChannelInfo c = capture("virtio_net", "ethtool-l.txt");
        List<String> got = ChannelRules.check("eth0", "virtio_net", c, want("combined", "0"));
        assertEquals(2, got.size(), got.toString());
        assertEquals("virtio_net takes combined channels only (at least 1, rx and tx 0); asked: combined 0, rx 0, tx 0", got.get(1));
    }
}
