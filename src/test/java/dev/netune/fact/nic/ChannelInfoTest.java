package dev.netune.fact.nic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ChannelInfoTest {
    private static final OptionalInt NA = OptionalInt.empty();

    private static OptionalInt of(int v) {
        return OptionalInt.of(v);
    }

    @Test
    void virtioCombinedOnlyWithNa() {
        ChannelInfo c = ChannelInfo.parse(Captures.driver("virtio_net", "ethtool-l.txt"));
        assertEquals(new ChannelInfo(NA, NA, NA, of(1), NA, NA, NA, of(1)), c);
        assertTrue(c.usesCombined());
    }

    @Test
    void mlx5CombinedOnly() {
        ChannelInfo c = ChannelInfo.parse(Captures.driver("mlx5_core", "ethtool-l.txt"));
        assertEquals(new ChannelInfo(NA, NA, NA, of(12), NA, NA, NA, of(12)), c);
    }

    @Test
    void olderEthtoolReportsZeroWhichIsKeptApartFromNa() {
        ChannelInfo mlx5 = ChannelInfo.parse(Captures.driver("mlx5_core", "ethtool-l-old-ethtool.txt"));
        assertEquals(new ChannelInfo(of(0), of(0), of(0), of(63), of(0), of(0), of(0), of(63)), mlx5);
        ChannelInfo ena = ChannelInfo.parse(Captures.driver("ena", "ethtool-l.txt"));
        assertEquals(new ChannelInfo(of(0), of(0), of(0), of(2), of(0), of(0), of(0), of(1)), ena);
        assertTrue(ena.usesCombined());
    }

    @Test
    void i40eHasAnOtherVector() {
        ChannelInfo c = ChannelInfo.parse(Captures.driver("i40e", "ethtool-l.txt"));
        assertEquals(of(1), c.otherMax());
        assertEquals(of(128), c.combinedMax());
        assertEquals(of(119), c.combined());
    }

    @Test
    void noChannelsIsAnError() {
        assertThrows(IllegalArgumentException.class,
                () -> ChannelInfo.parse(Captures.driver("unattributed", "ethtool-l-unsupported-old-ethtool.txt")));
        assertThrows(IllegalArgumentException.class,
                () -> ChannelInfo.parse(Captures.driver("loopback", "ethtool-l.txt")));
        assertThrows(IllegalArgumentException.class,
                () -> ChannelInfo.parse(Captures.driver("bridge", "ethtool-l.txt")));
    }

    @Test
    void separateRxTxChannels() {
        // real output quoted in GitHub firedancer-io/firedancer issue #1427 (driver not named)
        ChannelInfo c = ChannelInfo.parse("Channel parameters for eno1:\nPre-set maximums:\nRX:\t\t4\nTX:\t\t4\n"
                + "Other:\t\tn/a\nCombined:\tn/a\nCurrent hardware settings:\nRX:\t\t4\nTX:\t\t1\nOther:\t\tn/a\nCombined:\tn/a\n");
        assertEquals(new ChannelInfo(of(4), of(4), NA, NA, of(4), of(1), NA, NA), c);
        assertFalse(c.usesCombined());
    }
}
