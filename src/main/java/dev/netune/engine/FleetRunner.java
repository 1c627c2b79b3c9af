package dev.netune.engine;

import dev.netune.transport.SshOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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

    private final int forks;
    private final Connector connector;
    private final SshOptions ssh;
    private final Progress progress;

    FleetRunner(int forks, Connector connector, SshOptions ssh, Progress progress) {
        this.forks = forks;
        this.connector = connector;
        this.ssh = ssh;
        this.progress = progress;
    }

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
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (I item : items) {
                futures.add(pool.submit(() -> {
                    T result = isolated(item, shape, work);
                    HostOutcome o = shape.outcome().apply(result);
                    int failed = o.status().isError() ? failures.incrementAndGet() : failures.get();
                    progress.hostDone(o, done.incrementAndGet(), items.size(), failed);
                    return result;
                }));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
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

    /**
     * The work of one host; whatever it throws, short of running out of memory, is that host's
     * failure. Its connections are closed: after an unexpected exception nothing on them can be trusted.
     */
    private <I, T> T isolated(I item, Shape<I, T> shape, Work<I, T> work) {
        HostConnections connections = new HostConnections(connector, ssh);
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
