package dev.netune.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ShardTest {
    private static final List<String> HOSTS = IntStream.range(0, 1000).mapToObj(i -> "web-" + i).toList();

    @Test
    void everyHostIsInExactlyOneShardAndShardsAreBalanced() {
        Set<String> all = new HashSet<>();
        for (int i = 1; i <= 4; i++) {
            Shard s = Shard.parse(i + "/4");
            List<String> mine = HOSTS.stream().filter(s::owns).toList();
            assertTrue(mine.size() > 200 && mine.size() < 300, "shard " + i + " has " + mine.size());
            mine.forEach(h -> assertTrue(all.add(h), h + " in two shards"));
        }
        assertEquals(1000, all.size());
    }

    @Test
    void stableByNameNotByPosition() {
        Shard s = Shard.parse("3/8");
        List<String> before = HOSTS.stream().filter(s::owns).toList();
        List<String> withNewHost = new java.util.ArrayList<>(HOSTS);
        withNewHost.add(0, "new-host");
        List<String> after = withNewHost.stream().filter(s::owns).filter(h -> !h.equals("new-host")).toList();
        assertEquals(before, after);
    }

    @Test
    void badShardsAreUserErrors() {
        for (String bad : List.of("0/4", "5/4", "1/0", "a/b", "2", "1/2/3")) {
            UserError e = assertThrows(UserError.class, () -> Shard.parse(bad));
            assertEquals("--shard takes I/N with 1 <= I <= N, e.g. 2/8; got '" + bad + "'", e.getMessage());
        }
    }
}
