package dev.netune.transport;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Deadlines for blocking steps that have none of their own: a task that runs when the deadline
 * passes and breaks the wait (disconnects the session, stops the run), unless cancelled first.
 *
 * <p>Tasks must be quick: they share two daemon threads for the whole process.
 */
final class Watchdog {

    private static final ScheduledExecutorService TIMER = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "netune-watchdog");
        t.setDaemon(true);
        return t;
    });

    private Watchdog() {
    }

    /** Runs {@code task} once at {@code deadlineNanos} (a {@link System#nanoTime()} value). */
    static ScheduledFuture<?> at(long deadlineNanos, Runnable task) {
        return TIMER.schedule(task, Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    /**
     * Runs {@code task} after {@code delay} and again every {@code period} until cancelled: for a
     * break that may come too early to take (JSch ignores a disconnect before its socket is up).
     */
    static ScheduledFuture<?> repeatingAfter(Duration delay, Duration period, Runnable task) {
        return TIMER.scheduleAtFixedRate(task, delay.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS);
    }
}
