package dev.netune.fact.nic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class CoalesceInfoTest {

    @Test
    void mlx5AdaptiveAndCqeModeLinesBecomeSetNames() {
        CoalesceInfo c = CoalesceInfo.parse(Captures.driver("mlx5_core", "ethtool-c.txt"));
        assertEquals(Optional.of(true), c.adaptiveRx());
        assertEquals(Optional.of(true), c.adaptiveTx());
        assertEquals(Optional.of(true), c.flag("cqe-mode-rx"));
        assertEquals(Optional.of(false), c.flag("cqe-mode-tx"));
        assertEquals(OptionalLong.of(8), c.value("rx-usecs"));
        assertEquals(OptionalLong.of(128), c.value("rx-frames"));
        assertEquals(OptionalLong.of(8), c.value("tx-usecs"));
        assertEquals(OptionalLong.of(128), c.value("tx-frames"));
        assertFalse(c.supported("rx-usecs-irq"));
        assertFalse(c.supported("stats-block-usecs"));
        // printed as rx-frame-low, set as rx-frames-low
        assertEquals("n/a", c.settings().get("rx-frames-low"));
        assertFalse(c.settings().containsKey("rx-frame-low"));
        assertEquals(List.of("adaptive-rx", "adaptive-tx", "stats-block-usecs", "sample-interval",
                "pkt-rate-low", "pkt-rate-high", "rx-usecs", "rx-frames", "rx-usecs-irq", "rx-frames-irq",
                "tx-usecs", "tx-frames", "tx-usecs-irq", "tx-frames-irq", "rx-usecs-low", "rx-frames-low",
                "tx-usecs-low", "tx-frames-low", "rx-usecs-high", "rx-frames-high", "tx-usecs-high",
                "tx-frames-high", "cqe-mode-rx", "cqe-mode-tx"), List.copyOf(c.settings().keySet()));
    }

    @Test
    void virtioAdaptiveRxOffTxNa() {
        CoalesceInfo c = CoalesceInfo.parse(Captures.driver("virtio_net", "ethtool-c.txt"));
        assertEquals(Optional.of(false), c.adaptiveRx());
        assertEquals(Optional.empty(), c.adaptiveTx());
        assertTrue(c.supported("adaptive-rx"));
        assertFalse(c.supported("adaptive-tx"));
        assertEquals(OptionalLong.of(0), c.value("rx-usecs"));
        assertEquals(OptionalLong.of(1), c.value("rx-frames"));
        assertEquals(OptionalLong.of(1), c.value("tx-frames"));
        assertEquals("n/a", c.settings().get("cqe-mode-rx"));
    }

    @Test
    void adaptiveNaAndCqeModeNa() {
        CoalesceInfo c = CoalesceInfo.parse(Captures.driver("unattributed", "ethtool-c-cqe-mode-na.txt"));
        assertEquals(Optional.empty(), c.adaptiveRx());
        assertFalse(c.supported("adaptive-rx"));
        assertFalse(c.supported("cqe-mode-tx"));
        assertEquals(OptionalLong.of(3), c.value("rx-usecs"));
        assertEquals(OptionalLong.of(3), c.value("tx-usecs"));
        assertEquals(OptionalLong.empty(), c.value("rx-frames"));
        assertFalse(c.settings().containsKey("CQE mode RX"));
    }

    @Test
    void txAggrLineWithoutColon() {
        CoalesceInfo c = CoalesceInfo.parse(Captures.driver("unattributed", "ethtool-c-tx-aggr-no-colon.txt"));
        assertEquals("n/a", c.settings().get("tx-aggr-max-bytes"));
        assertEquals("n/a", c.settings().get("tx-aggr-max-frames"));
        assertEquals("n/a", c.settings().get("tx-aggr-time-usecs"));
        assertFalse(c.supported("tx-usecs"));
        assertEquals(OptionalLong.of(3), c.value("rx-usecs"));
    }

    @Test
    void enaOldEthtoolZerosAreValues() {
        CoalesceInfo c = CoalesceInfo.parse(Captures.driver("ena", "ethtool-c-partial.txt"));
        assertEquals(Optional.of(false), c.adaptiveRx());
        assertEquals(Optional.of(false), c.adaptiveTx());
        assertEquals(OptionalLong.of(0), c.value("rx-usecs"));
        assertTrue(c.supported("pkt-rate-low"));
        assertEquals(OptionalLong.of(0), c.value("tx-frames-irq"));
    }

    @Test
    void multiLineProfileValueIsKeptTogether() {
        // the ethtool 6.x layout of rx-profile (DIM profiles), as printed by ethtool's coalesce.c
        CoalesceInfo c = CoalesceInfo.parse("Coalesce parameters for eth0:\nAdaptive RX: on  TX: on\nrx-usecs: 8\n"
                + "rx-profile:\n{.usec =   1, .pkts = 256, .comps = n/a,},\n{.usec =   8, .pkts = 256, .comps = n/a,}\n\n"
                + "tx-usecs: 16\n");
        assertEquals("{.usec =   1, .pkts = 256, .comps = n/a,},\n{.usec =   8, .pkts = 256, .comps = n/a,}",
                c.settings().get("rx-profile"));
        assertEquals(OptionalLong.of(16), c.value("tx-usecs"));
    }

    @Test
    void failureTextIsNotCoalescing() {
        assertThrows(IllegalArgumentException.class,
                () -> CoalesceInfo.parse(Captures.driver("bridge", "ethtool-c.txt")));
    }

    @Test
    void jsonReadsBothRxTxPairsInOrderAndAbsentKeysAreUnsupported() {
        CoalesceInfo c = CoalesceInfo.parse(Captures.driver("unattributed", "ethtool-json-c-duplicate-keys.txt"));
        assertEquals(Optional.of(false), c.adaptiveRx());
        assertEquals(Optional.of(true), c.flag("cqe-mode-rx"));
        assertEquals(OptionalLong.of(88), c.value("rx-frames"));
        assertEquals(Optional.of(true), c.supports("rx-usecs"));
        assertEquals(Optional.of(false), c.supports("rx-usecs-irq"));
        assertFalse(c.settings().containsKey("ifname"));
    }

    @Test
    void ioctlTextWithoutAnyNaCannotSayWhatIsSupported() {
        CoalesceInfo c = CoalesceInfo.parse(Captures.driver("ixgbevf", "ethtool-c-ioctl.txt"));
        assertEquals(OptionalLong.of(0), c.value("rx-frames"));
        assertEquals(Optional.empty(), c.supports("rx-frames"));
        // netlink text prints n/a, so there it is known
        assertEquals(Optional.of(false), CoalesceInfo.parse(Captures.driver("virtio_net", "ethtool-c.txt")).supports("rx-frames-irq"));
    }

    @Test
    void jsonWithTwoDevicesIsRefused() {
        String one = Captures.driver("unattributed", "ethtool-json-c-duplicate-keys.txt").strip();
        String two = one.substring(0, one.length() - 1) + ", {\"ifname\": \"eth1\", \"rx-usecs\": 3} ]";
        assertThrows(IllegalArgumentException.class, () -> CoalesceInfo.parse(two));
    }
}
