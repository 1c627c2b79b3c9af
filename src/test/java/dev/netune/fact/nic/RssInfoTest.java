package dev.netune.fact.nic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RssInfoTest {

    @Test
    void weightedTableWithUnsupportedKeyAndHashFunctionList() {
        RssInfo r = RssInfo.parse(Captures.driver("unnamed-8-ring", "ethtool-x-packagecloud.txt"));
        assertEquals(OptionalInt.of(8), r.rings());
        assertEquals(IntStream.range(0, 128).map(i -> i / 16).boxed().toList(), r.table());
        assertEquals(Optional.empty(), r.key(), "\"Operation not supported\" under the key heading is no key");
        Map<String, Boolean> f = new LinkedHashMap<>();
        f.put("toeplitz", true);
        f.put("xor", false);
        f.put("crc32", false);
        assertEquals(f, r.hashFunctions());
        assertEquals(Optional.of("toeplitz"), r.hashFunction());
    }

    @Test
    void defaultTableWithKeyAndNoHashFunctionSection() {
        RssInfo r = RssInfo.parse(Captures.driver("hv_netvsc", "ethtool-x-lisa.txt"));
        assertEquals(OptionalInt.of(4), r.rings());
        assertEquals(IntStream.range(0, 128).map(i -> i % 4).boxed().toList(), r.table());
        assertEquals(OptionalInt.of(40), r.keyBytes());
        assertTrue(r.key().get().startsWith("6d:5a:56:da:"));
        assertTrue(r.hashFunctions().isEmpty(), "old ethtool: functions unknown");
        assertEquals(Optional.empty(), r.hashFunction());
    }

    @Test
    void virtioInTheQemuGuestWithRss() {
        RssInfo r = RssInfo.parse(Captures.read("/captures/qemu-guest/eth1-ethtool-x.txt"));
        assertEquals(OptionalInt.of(2), r.rings());
        assertEquals(128, r.table().size());
        assertEquals(OptionalInt.of(40), r.keyBytes());
        assertEquals(Optional.of("toeplitz"), r.hashFunction());
    }

    @Test
    void aRowOutOfSequenceIsRefused() {
        String text = "RX flow hash indirection table for eth0 with 2 RX ring(s):\n"
                + "    0:      0     1     0     1     0     1     0     1\n"
                + "   16:      0     1     0     1     0     1     0     1\n";
        assertThrows(IllegalArgumentException.class, () -> RssInfo.parse(text));
    }

    @Test
    void twoDevicesAreRefused() {
        String one = Captures.driver("hv_netvsc", "ethtool-x-lisa.txt");
        assertThrows(IllegalArgumentException.class, () -> RssInfo.parse(one + one.replace("eth0", "eth1")));
    }

    @Test
    void anErrorTextIsNoTable() {
        assertThrows(IllegalArgumentException.class,
                () -> RssInfo.parse("Cannot get RX ring count: Operation not supported\n"));
    }
}
