package org.sparknas.search;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The store writes of one run, done on one background thread in the order they were submitted.
 * A generation's three Parquet writes (trials, Pareto rows, run catalog) then overlap the next
 * generation's Spark job instead of leaving every executor idle while the driver writes: about
 * 0.1 s per generation on the 2-core machine this is measured on, where the driver is also cold;
 * on a cluster every slot of every executor waited for it.
 *
 * <p>Order is what keeps a crash safe: a generation's trial file is written before its Pareto rows
 * and catalog row, and generation g before g + 1, so the store always holds a prefix of the run's
 * generations. A crash with writes still queued loses only those generations, which a resume
 * evaluates again to the same trials. A failed write fails the run: the writes queued after it are
 * skipped (the prefix stays a prefix), and the next {@link #submit} or {@link #awaitAll} throws it.
 */
final class WriteBehind implements AutoCloseable {

    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "sparknas-store-writes");
        t.setDaemon(true); // never keeps a JVM alive; every run waits for its writes before it ends
        return t;
    });
    private final Deque<Future<?>> pending = new ArrayDeque<>();
    private volatile Throwable failed; // set on the writer thread

    /** Queues {@code write} after every write submitted before; first throws an earlier write's failure. */
    void submit(Runnable write) {
        rethrowFailure();
        pending.removeIf(Future::isDone);
        pending.addLast(thread.submit(() -> {
            if (failed != null) {
                return; // nothing after a failed write is written, so the store still holds a prefix of the run
            }
            try {
                write.run();
            } catch (RuntimeException | Error e) {
                failed = e;
            }
        }));
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
    void awaitAll(RuntimeException runFailure) {
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
            pending.clear();
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
