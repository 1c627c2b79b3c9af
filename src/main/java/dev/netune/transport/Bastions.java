package dev.netune.transport;

import com.jcraft.jsch.Session;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static dev.netune.transport.TransportException.Kind.IO;
import static dev.netune.transport.TransportException.Kind.UNREACHABLE;

/** Bastion sessions shared by the hosts behind them, counted by users. */
final class Bastions {
    private static final Map<String, Shared> SHARED = new HashMap<>();

    private Bastions() {
    }

    /** One bastion session, or its opening in progress. */
    static final class Shared {
        final String key;
        final CompletableFuture<Session> session = new CompletableFuture<>();
        int users;

        Shared(String key) {
            this.key = key;
        }
    }

    interface Opener {
        Session open() throws TransportException;
    }

    /**
     * The session for {@code key}, opened by the first caller, waited for by the rest for at most
     * {@code wait}: the opener has its own deadline, but a waiter must not depend on it. A waiter
     * that gives up leaves the entry to the opener and the others.
     */
    static Shared acquire(String key, String what, Duration wait, Opener opener) throws TransportException {
        Shared shared;
        boolean mine = false;
        synchronized (SHARED) {
            shared = SHARED.get(key);
            if (shared == null || (shared.session.isDone() && !shared.session.isCompletedExceptionally()
                    && !shared.session.join().isConnected())) {
                shared = new Shared(key);
                SHARED.put(key, shared);
                mine = true;
            }
            shared.users++;
        }
        if (mine) {
            try {
                shared.session.complete(opener.open());
            } catch (TransportException | RuntimeException e) {
                shared.session.completeExceptionally(e);
            }
        }
        try {
            shared.session.get(wait.toNanos(), TimeUnit.NANOSECONDS);
            return shared;
        } catch (TimeoutException e) {
            synchronized (SHARED) {
                shared.users--; // the opener still holds the entry: it is not ours to remove
            }
            throw new TransportException(UNREACHABLE, "gave up waiting for jump host " + what + " after "
                    + SshTransport.human(wait) + ": another host's connection to it is still being set up", e);
        } catch (InterruptedException e) {
            synchronized (SHARED) {
                shared.users--;
            }
            Thread.currentThread().interrupt();
            throw new TransportException(IO, "interrupted while waiting for jump host " + what, e);
        } catch (ExecutionException e) {
            synchronized (SHARED) {
                shared.users--;
                SHARED.remove(key, shared); // the next run tries again
            }
            if (e.getCause() instanceof TransportException te) {
                throw te;
            }
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        }
    }

    /** Gives up the sessions, last hop first; a session is closed with its last user. */
    static void release(List<Shared> held) {
        for (int i = held.size() - 1; i >= 0; i--) {
            Shared shared = held.get(i);
            Session close = null;
            synchronized (SHARED) {
                if (--shared.users == 0) {
                    SHARED.remove(shared.key, shared);
                    close = shared.session.isCompletedExceptionally() ? null : shared.session.getNow(null);
                }
            }
            if (close != null) {
                close.disconnect();
            }
        }
    }

    /** Users of the entry under {@code key}, -1 without one: for tests. */
    static int users(String key) {
        synchronized (SHARED) {
            Shared shared = SHARED.get(key);
            return shared == null ? -1 : shared.users;
        }
    }
}
