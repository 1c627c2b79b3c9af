package dev.netune.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A known_hosts file is parsed once while it is unchanged, also when a fleet's connections all start at once. */
class KnownHostsCacheTest {
    private static final String KEY = Base64.getEncoder().encodeToString(
            new byte[] {0, 0, 0, 11, 's', 's', 'h', '-', 'e', 'd', '2', '5', '5', '1', '9', 0, 0, 0, 1, 7});

    @TempDir
    Path dir;

    private Path fleetFile(String name, int hosts) throws Exception {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < hosts; i++) {
            s.append("[10.0.0.1]:").append(20000 + i).append(" ssh-ed25519 ").append(KEY).append('\n');
        }
        return Files.writeString(dir.resolve(name), s);
    }

    /**
     * The first wave of a fleet run: --forks connections ask at the same moment. Each parsing the
     * file for itself made every one of them pay for a fleet-sized file while the JIT was cold
     * (a tenth of a simulated 1,000-host plan's controller CPU).
     */
    @Test
    void connectionsStartingTogetherShareOneParse() throws Exception {
        Path file = fleetFile("known_hosts", 20_000);
        int callers = 16;
        CyclicBarrier start = new CyclicBarrier(callers);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<KnownHostsFile>> got = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                got.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return KnownHostsCache.of(file);
                }));
            }
            Set<KnownHostsFile> distinct = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
            for (Future<KnownHostsFile> f : got) {
                distinct.add(f.get(60, TimeUnit.SECONDS));
            }
            assertEquals(1, distinct.size(), "parses of one unchanged file");
            assertEquals(20_000, distinct.iterator().next().entries().size());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aChangedFileIsParsedAgainAndAMissingOneIsEmpty() throws Exception {
        Path file = fleetFile("changing", 3);
        KnownHostsFile first = KnownHostsCache.of(file);
        assertSame(first, KnownHostsCache.of(file), "unchanged: the same parse");
        Files.writeString(file, Files.readString(file) + "[10.0.0.2]:22 ssh-ed25519 " + KEY + "\n");
        // the same second as the first write on a coarse clock: the size tells the change
        Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis()));
        KnownHostsFile second = KnownHostsCache.of(file);
        assertNotSame(first, second);
        assertEquals(4, second.entries().size());
        assertEquals(0, KnownHostsCache.of(dir.resolve("missing")).entries().size());
        assertEquals(0, KnownHostsCache.of(dir).entries().size(), "a directory reads as an empty file");
    }
}
