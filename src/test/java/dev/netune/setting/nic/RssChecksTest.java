package dev.netune.setting.nic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The indirection tables ethtool -X fills, and how a table read back is shown in a plan. */
class RssChecksTest {

    private static List<Integer> table(int size, java.util.function.IntUnaryOperator q) {
        return IntStream.range(0, size).map(q).boxed().toList();
    }

    @Test
    void weightsFillAsEthtoolDoes() {
        // the packagecloud example "ethtool -X eth0 weight 6 2" on a 128-entry table
        assertEquals(table(128, i -> i < 96 ? 0 : 1), RssChecks.expected("weight 6 2", 128));
        // a zero weight skips its queue
        assertEquals(List.of(0, 0, 2, 2), RssChecks.expected("weight 1 0 1", 4));
        assertEquals(table(128, i -> i / 16), RssChecks.expected("weight 1 1 1 1 1 1 1 1", 128));
        assertEquals(table(128, i -> i % 3), RssChecks.expected("equal 3", 128));
    }

    @Test
    void aReadTableIsShownAsDefaultEqualOrWeights() {
        assertEquals("default (equal 4)", RssChecks.describe(table(128, i -> i % 4), 4));
        assertEquals("equal 2", RssChecks.describe(table(128, i -> i % 2), 4), "round robin over fewer than the rings");
        assertEquals("weight 16 16 16 16 16 16 16 16", RssChecks.describe(table(128, i -> i / 16), 8));
        assertEquals("weight 96 32", RssChecks.describe(table(128, i -> i < 96 ? 0 : 1), 2));
        assertEquals("none", RssChecks.describe(Collections.emptyList(), 2));
    }

    @Test
    void theWeightsShownFillTheSameTableAgain() {
        // what rollback applies for a weighted table read before: the same entries come back
        List<Integer> read = table(128, i -> i < 96 ? 0 : 1);
        assertEquals(read, RssChecks.expected(RssChecks.describe(read, 2), 128));
    }
}
