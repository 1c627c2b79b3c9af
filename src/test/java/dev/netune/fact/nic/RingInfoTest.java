package dev.netune.fact.nic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class RingInfoTest {
    private static final OptionalInt NA = OptionalInt.empty();

    private static OptionalInt of(int v) {
        return OptionalInt.of(v);
    }

    @Test
    void virtioNetWithNewerLines() {
        RingInfo r = RingInfo.parse(Captures.driver("virtio_net", "ethtool-g.txt"));
        assertEquals(new RingInfo(of(256), NA, NA, of(256), of(256), NA, NA, of(256),
                Map.of("rx-buf-len", "n/a", "cqe-size", "n/a", "tx-push", "off", "tcp-data-split", "n/a")), r);
    }

    @Test
    void e1000eWithPushBufferLenInBothBlocks() {
        RingInfo r = RingInfo.parse(Captures.driver("e1000e", "ethtool-g.txt"));
        assertEquals(of(4096), r.rxMax());
        assertEquals(of(4096), r.txMax());
        assertEquals(of(256), r.rx());
        assertEquals(of(256), r.tx());
        assertEquals(NA, r.rxMiniMax());
        assertEquals(NA, r.rxJumbo());
        Map<String, String> extras = new LinkedHashMap<>();
        extras.put("tx-push-buf-len-max", "n/a");
        extras.put("rx-buf-len", "n/a");
        extras.put("cqe-size", "n/a");
        extras.put("tx-push", "off");
        extras.put("rx-push", "off");
        extras.put("tx-push-buf-len", "n/a");
        extras.put("tcp-data-split", "n/a");
        assertEquals(extras, r.extras());
    }

    @Test
    void oldEthtoolPrintsZeroNotNa() {
        RingInfo r = RingInfo.parse(Captures.driver("i40e", "ethtool-g.txt"));
        assertEquals(new RingInfo(of(4096), of(0), of(0), of(4096), of(512), of(0), of(0), of(512), Map.of()), r);
    }

    @Test
    void outputWithoutBlockHeadersStillSplitsMaximumsFromCurrent() {
        RingInfo r = RingInfo.parse(Captures.driver("atlantic", "ethtool-g-no-headers.txt"));
        assertEquals(of(8184), r.rxMax());
        assertEquals(of(8184), r.txMax());
        assertEquals(of(2048), r.rx());
        assertEquals(of(4096), r.tx());
        assertEquals("n/a", r.extras().get("hds-thresh-max"));
        assertEquals("n/a", r.extras().get("hds-thresh"));
        assertEquals("off", r.extras().get("rx-push"));
    }

    @Test
    void unsupportedIsNotARing() {
        assertThrows(IllegalArgumentException.class,
                () -> RingInfo.parse(Captures.driver("bridge", "ethtool-g.txt")));
    }
}
