package dev.netune.engine;

import dev.netune.transport.SshOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Runs one piece of work per host over the fleet, up to {@code forks} hosts at a time. Each
 * host's work is isolated: an exception in it (a bug, or host output no parser expected) becomes
 * that host's failed result and its connections are closed, while the other hosts go on. Results
 * keep the order of the input; progress is reported as each host finishes.
 */
final class FleetRunner {
    /** One host's work; every connection it opens goes through {@code connections}. */
    interface Work<I, T> {
        T run(I item, HostConnections connections);
    }

    /** How a kind of work item maps to its host, its result to an outcome, and a failure to a result. */
    record Shape<I, T>(Function<I, Target> target, Function<T, HostOutcome> outcome, BiFunction<I, String, T> failed) {
    }

    /** What a host still working when the run's deadline passes ends as. */
    static final String DEADLINE_PASSED = "run deadline passed";

    private final int forks;
    private final Connector connector;
    private final SshOptions ssh;
    private final Progress progress;
    private final Optional<Instant> deadline;

    FleetRunner(int forks, Connector connector, SshOptions ssh, Progress progress, Optional<Instant> deadline) {
        this.forks = forks;
        this.connector = connector;
        this.ssh = ssh;
        this.progress = progress;
        this.deadline = deadline;
    }

    /**
     * Runs {@code work} for every item and returns the results in the items' order. Hosts not done
     * when the run's deadline passes end as failed ({@link #DEADLINE_PASSED}): their work is
     * interrupted and their connections closed, and the run returns without them.
     */
    <I, T> List<T> run(List<I> items, Shape<I, T> shape, Work<I, T> work) {
        if (items.isEmpty()) {
            return List.of();
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(forks, items.size()), r -> {
            Thread t = new Thread(r, "netune-host");
            t.setDaemon(true);
            return t;
        });
        AtomicInteger done = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        AtomicBoolean over = new AtomicBoolean();
        try {
            List<HostConnections> connections = new ArrayList<>();
            List<Future<T>> futures = new ArrayList<>();
            for (I item : items) {
                HostConnections c = new HostConnections(connector, ssh);
                connections.add(c);
                futures.add(pool.submit(() -> {
                    // a host still queued behind --forks at the deadline is not started at all
                    T result = deadline.isPresent() && nanosLeft() == 0 ? stopped(item, c, shape)
                            : isolated(item, c, shape, work);
                    if (!over.get()) {
                        report(shape.outcome().apply(result), done, failures, items.size());
                    }
                    return result;
                }));
            }
            List<T> results = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                Future<T> f = futures.get(i);
                try {
                    results.add(deadline.isEmpty() ? f.get() : f.get(nanosLeft(), TimeUnit.NANOSECONDS));
                } catch (TimeoutException e) {
                    over.set(true);
                    if (f.cancel(true)) {
                        T failed = stopped(items.get(i), connections.get(i), shape);
                        report(shape.outcome().apply(failed), done, failures, items.size());
                        results.add(failed);
                    } else {
                        results.add(f.get()); // it finished in between
                    }
                }
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            // only what isolation lets through (out of memory): the process cannot go on
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("internal error: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static <I, T> T stopped(I item, HostConnections connections, Shape<I, T> shape) {
        connections.closeAll(DEADLINE_PASSED);
        return shape.failed().apply(item, DEADLINE_PASSED);
    }

    private long nanosLeft() {
        return Math.max(0, Duration.between(Instant.now(), deadline.orElseThrow()).toNanos());
    }

    private void report(HostOutcome o, AtomicInteger done, AtomicInteger failures, int total) {
        int failed = o.status().isError() ? failures.incrementAndGet() : failures.get();
        progress.hostDone(o, done.incrementAndGet(), total, failed);
    }

    /**
     * The work of one host; whatever it throws, short of running out of memory, is that host's
     * failure. Its connections are closed: after an unexpected exception nothing on them can be trusted.
     */
    private <I, T> T isolated(I item, HostConnections connections, Shape<I, T> shape, Work<I, T> work) {
        try {
            return work.run(item, connections);
        } catch (OutOfMemoryError e) {
            connections.closeAll("out of memory");
            throw e;
        } catch (RuntimeException | Error e) {
            connections.closeAll("internal error");
            return shape.failed().apply(item, internalError(shape.target().apply(item), e));
        }
    }

    static String internalError(Target target, Throwable e) {
        return "internal error on " + target.describe() + ": " + e + "; other hosts unaffected";
    }
}
