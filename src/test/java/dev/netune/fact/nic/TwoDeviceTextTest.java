package dev.netune.fact.nic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** A pasted text with the outputs of two devices is refused by every ethtool parser, never mixed. */
class TwoDeviceTextTest {

    private static void refused(Function<String, ?> parser, String first, String second) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parser.apply(first + second));
        assertTrue(e.getMessage().contains("2 devices"), e.getMessage());
    }

    @Test
    void ringsOfTwoDevices() {
        // e1000e's maximums are 4096, virtio's current values 256: a mixed parse would claim 4096/256
        String e1000e = Captures.driver("e1000e", "ethtool-g.txt");
        String virtio = Captures.driver("virtio_net", "ethtool-g.txt");
        refused(RingInfo::parse, e1000e, virtio);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RingInfo.parse(e1000e + virtio));
        assertTrue(e.getMessage().contains("enp3s0f0, eth0"), e.getMessage());
    }

    @Test
    void channelsCoalesceAndFeaturesOfTwoDevices() {
        refused(ChannelInfo::parse, Captures.driver("virtio_net", "ethtool-l.txt"), Captures.driver("i40e", "ethtool-l.txt"));
        String c = Captures.driver("virtio_net", "ethtool-c.txt");
        refused(CoalesceInfo::parse, c, c.replace("for eth0:", "for eth1:"));
        String k = Captures.driver("virtio_net", "ethtool-k.txt");
        refused(FeatureInfo::parse, k, k.replace("for eth0:", "for eth1:"));
    }

    @Test
    void oneDeviceStillParses() {
        assertEquals(4096, RingInfo.parse(Captures.driver("e1000e", "ethtool-g.txt")).rxMax().getAsInt());
    }
}
