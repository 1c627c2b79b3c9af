package dev.netune.transport;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * What a thread waiting on an exec channel sleeps on. JSch has no blocking wait for a channel's
 * end, but it writes the channel's output into our streams and closes them when the channel
 * closes (after it marks the channel closed). Streams made by {@link #watching} signal this on
 * every write and on close, so a wait ends when something happened, not at the next turn of a
 * polling loop: a loop of 5 ms sleeps cost the controller about 3.6 ms of CPU a second for every
 * host it waited on (20 threads, C1 JIT), CPU a fleet of busy hosts shares with it.
 */
final class ChannelWakeup {
    /**
     * The condition is checked at least this often anyway: a channel that closes without closing
     * our streams (a path of JSch's that does not call its streams' close) is seen this late at worst.
     */
    private static final long BACKSTOP_MILLIS = 50;
    /**
     * The backstop of the wakeups made from now on: {@code ChannelWakeupIT} sets one so long that,
     * against a real sshd, only the signals can end the transport's waits in time.
     */
    private static volatile long defaultBackstopMillis = BACKSTOP_MILLIS;

    private final long backstopMillis;

    ChannelWakeup() {
        this(defaultBackstopMillis);
    }

    /** With another backstop: a test sets one so long that only the signals can end a wait. */
    ChannelWakeup(long backstopMillis) {
        this.backstopMillis = backstopMillis;
    }

    /** Sets the backstop of the wakeups made from now on; null puts back the default. */
    static void defaultBackstop(Duration backstop) {
        defaultBackstopMillis = backstop == null ? BACKSTOP_MILLIS : backstop.toMillis();
    }

    /** Wakes the waiting thread to check its condition again. */
    synchronized void signal() {
        notifyAll();
    }

    /** Waits until {@code done} is true; it is checked at each signal and at least once a backstop. */
    synchronized void await(BooleanSupplier done) throws InterruptedException {
        while (!done.getAsBoolean()) {
            wait(backstopMillis);
        }
    }

    /** As {@link #await(BooleanSupplier)}, until {@code untilNanos} (System.nanoTime) at most; whether {@code done} became true. */
    synchronized boolean await(BooleanSupplier done, long untilNanos) throws InterruptedException {
        while (!done.getAsBoolean()) {
            long left = untilNanos - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            // at least 1 ms: wait(0) would wait without end
            wait(Math.max(1, Math.min(backstopMillis, TimeUnit.NANOSECONDS.toMillis(left))));
        }
        return true;
    }

    /** {@code sink}, signalling this after every write to it and when it is closed (JSch closes it with the channel). */
    OutputStream watching(OutputStream sink) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                sink.write(b);
                signal();
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                sink.write(b, off, len);
                signal();
            }

            @Override
            public void close() throws IOException {
                try {
                    sink.close();
                } finally {
                    signal();
                }
            }
        };
    }
}
