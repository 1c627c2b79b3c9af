package dev.netune.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The wait ExecRun does on a channel: ended by the watched streams (a write, a close) and not by
 * the backstop, which here is an hour, so a signal that went missing would hang the test until
 * its five-second guard fails it.
 */
class ChannelWakeupTest {
    private static final long HOUR = TimeUnit.HOURS.toMillis(1);
    private static final Duration GUARD = Duration.ofSeconds(5);

    @Test
    void aWriteToAWatchedStreamEndsTheWaitAndReachesTheSink() throws Exception {
        ChannelWakeup wakeup = new ChannelWakeup(HOUR);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        OutputStream watched = wakeup.watching(sink);
        Thread writer = later(() -> watched.write("mark\n".getBytes(), 0, 5));
        assertTimeoutPreemptively(GUARD, () -> wakeup.await(() -> sink.size() == 5));
        writer.join();
        assertArrayEquals("mark\n".getBytes(), sink.toByteArray());
    }

    @Test
    void closingAWatchedStreamEndsTheWaitAsJSchClosingTheChannelDoes() throws Exception {
        ChannelWakeup wakeup = new ChannelWakeup(HOUR);
        AtomicBoolean channelClosed = new AtomicBoolean();
        AtomicBoolean sinkClosed = new AtomicBoolean();
        OutputStream watched = wakeup.watching(new OutputStream() {
            @Override
            public void write(int b) {
            }

            @Override
            public void close() {
                sinkClosed.set(true);
            }
        });
        // JSch marks the channel closed, then closes its streams
        Thread closer = later(() -> {
            channelClosed.set(true);
            watched.close();
        });
        assertTimeoutPreemptively(GUARD, () -> wakeup.await(channelClosed::get));
        closer.join();
        assertTrue(sinkClosed.get(), "the close reaches the sink");
    }

    @Test
    void aWaitWithADeadlineEndsThereWhenNothingHappens() throws Exception {
        ChannelWakeup wakeup = new ChannelWakeup(HOUR);
        boolean done = assertTimeoutPreemptively(GUARD,
                () -> wakeup.await(() -> false, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100)));
        assertFalse(done);
        assertTrue(assertTimeoutPreemptively(GUARD, () -> wakeup.await(() -> true, System.nanoTime())),
                "a condition already true is true even at a passed deadline");
    }

    private interface Step {
        void run() throws Exception;
    }

    /** Runs {@code step} on another thread once the test's thread is likely waiting. */
    private static Thread later(Step step) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(50);
                step.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        t.start();
        return t;
    }
}
