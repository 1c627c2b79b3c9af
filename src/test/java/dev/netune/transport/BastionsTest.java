package dev.netune.transport;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.Session;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BastionsTest {

    @Test
    void aWaiterGivesUpInTimeAndLeavesTheEntryToTheOpener() throws Exception {
        String key = "test|" + System.nanoTime();
        Session session = new JSch().getSession("u", "bastion.invalid", 22);
        CountDownLatch opening = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Bastions.Shared> opener = CompletableFuture.supplyAsync(() -> {
            try {
                return Bastions.acquire(key, "slow", Duration.ofSeconds(30), () -> {
                    opening.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return session;
                });
            } catch (TransportException e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(opening.await(10, TimeUnit.SECONDS));

        long start = System.nanoTime();
        TransportException e = assertThrows(TransportException.class, () -> Bastions.acquire(key,
                "slow (10.0.0.1:22)", Duration.ofMillis(300), () -> {
                    throw new AssertionError("the waiter must not open a second session");
                }));
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(tookMillis >= 250 && tookMillis < 5000, "waited " + tookMillis + " ms");
        assertEquals(TransportException.Kind.UNREACHABLE, e.kind());
        assertEquals("gave up waiting for jump host slow (10.0.0.1:22) after 300ms: another host's connection"
                + " to it is still being set up", e.getMessage());
        assertEquals(1, Bastions.users(key), "only the opener still counts");

        release.countDown();
        Bastions.Shared shared = opener.get(10, TimeUnit.SECONDS);
        assertSame(session, shared.session.join());
        Bastions.release(List.of(shared));
        assertEquals(-1, Bastions.users(key), "released with its last user");
    }
}
