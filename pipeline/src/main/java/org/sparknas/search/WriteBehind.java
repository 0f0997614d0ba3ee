package org.sparknas.search;

import java.time.Duration;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The store writes of one run, done on one background thread in the order they were submitted.
 * A generation's three Parquet writes (trials, Pareto rows, run catalog) then overlap the next
 * generation's Spark job instead of leaving every executor idle while the driver writes: done
 * in line, every slot of every executor would wait for the driver's writes each generation
 * (measured in docs/development.md).
 *
 * <p>Order is what keeps a crash safe: a generation's trial file is written before its Pareto rows
 * and catalog row, and generation g before g + 1, so the store always holds a prefix of the run's
 * generations. A crash with writes still queued loses only those generations, which a resume
 * evaluates again to the same trials. A failed write fails the run: the writes queued after it are
 * skipped (the prefix stays a prefix), and the next {@link #submit} or {@link #awaitAll} throws it.
 * The run's last write, its status, goes through {@link #finish}: after everything before it, even
 * after a failure, and nothing after it. Several threads may submit (the loop, the heartbeat, a
 * shutdown hook).
 */
final class WriteBehind implements AutoCloseable {

    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "sparknas-store-writes");
        t.setDaemon(true); // never keeps a JVM alive; every run waits for its writes before it ends
        return t;
    });
    private final Deque<Future<?>> pending = new ConcurrentLinkedDeque<>();
    private volatile Throwable failed; // set on the writer thread
    private volatile boolean finished; // set on the writer thread, by the last write

    /** Queues {@code write} after every write submitted before; first throws an earlier write's failure. */
    void submit(Runnable write) {
        rethrowFailure();
        pending.removeIf(Future::isDone);
        pending.addLast(thread.submit(() -> {
            if (failed != null || finished) {
                return; // nothing after a failed write is written, so the store still holds a prefix of the run
            }
            try {
                write.run();
            } catch (RuntimeException | Error e) {
                failed = e;
            }
        }));
    }

    /**
     * Runs {@code last} after every write submitted before it, even after a failed one, and skips
     * every write submitted after it; waits at most {@code timeout} for it.
     *
     * @return {@code last}'s own failure, a {@link TimeoutException} when it was not done in time, or null
     */
    Throwable finish(Runnable last, Duration timeout) {
        Future<Throwable> done = thread.submit(() -> {
            finished = true;
            try {
                last.run();
                return null;
            } catch (RuntimeException | Error e) {
                return e;
            }
        });
        try {
            return done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return e;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e;
        }
    }

    /** Whether no submitted write is waiting or running. */
    boolean idle() {
        pending.removeIf(Future::isDone);
        return pending.isEmpty();
    }

    /** Waits until every submitted write is done; throws the first failure. */
    void awaitAll() {
        waitForAll();
        rethrowFailure();
    }

    /**
     * Waits for every submitted write on the way out of a run that failed with {@code runFailure}, so
     * that the failure is recorded after them; a write's failure, where it is another one, is added
     * to it as suppressed.
     */
    void awaitAll(Throwable runFailure) {
        waitForAll();
        Throwable f = failed;
        if (f != null && f != runFailure) {
            runFailure.addSuppressed(f);
        }
    }

    /** A failure stays: every later call throws it. */
    private void rethrowFailure() {
        Throwable f = failed;
        if (f instanceof RuntimeException r) {
            throw r;
        }
        if (f instanceof Error e) {
            throw e;
        }
    }

    private void waitForAll() {
        try {
            for (Future<?> write : pending) {
                write.get(); // a write's own failure is kept in 'failed', not thrown through its future
            }
            pending.removeIf(Future::isDone);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a store write failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the store writes", e);
        }
    }

    @Override
    public void close() {
        thread.shutdown();
    }
}
