package org.sparknas.search;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.util.ShutdownHookManager;
import org.sparknas.store.RunRecord;
import org.sparknas.store.RunStatus;
import org.sparknas.store.TrialStore;

/**
 * The run's catalog row while the run is live: every write of it (through the run's
 * {@link WriteBehind}, so after the trials it counts), a heartbeat every so often while a generation
 * evaluates, and the run's one end: finished, failed with its error, or interrupted when the JVM is
 * stopped (SIGTERM, SIGINT, {@code System.exit}) — whichever comes first, the others write nothing.
 * Only a driver that dies without running its shutdown hooks (SIGKILL, a lost machine) leaves a
 * {@code running} row, and its heartbeat then stops.
 */
final class RunCatalog implements AutoCloseable {

    /** Before Spark's own hooks (which stop the SparkContext) and Hadoop's (which close the file systems). */
    static final int SHUTDOWN_PRIORITY = FileSystem.SHUTDOWN_HOOK_PRIORITY + 40;
    /** How long a stopping JVM waits for the writes queued before the interrupted status. */
    static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(20);

    private final TrialStore store;
    private final WriteBehind writes;
    private final Clock clock;
    private final AtomicBoolean ended = new AtomicBoolean();
    private final CountDownLatch endWritten = new CountDownLatch(1);
    private final ScheduledExecutorService heartbeat;
    private final Runnable hook = this::interrupted;
    private volatile RunRecord written; // what the store holds, set on the writer thread
    private volatile int generation;

    RunCatalog(TrialStore store, WriteBehind writes, Clock clock, RunRecord first, Duration heartbeatEvery) {
        this.store = store;
        this.writes = writes;
        this.clock = clock;
        this.written = first;
        submit(first);
        ShutdownHookManager.get().addShutdownHook(hook, SHUTDOWN_PRIORITY, SHUTDOWN_WAIT.toSeconds() + 5, TimeUnit.SECONDS);
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sparknas-heartbeat");
            t.setDaemon(true);
            return t;
        });
        long every = heartbeatEvery.toMillis();
        heartbeat.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
    }

    /** Queues {@code record} as the run's row, after every write queued before. */
    void submit(RunRecord record) {
        writes.submit(() -> put(record));
    }

    /** The generation being evaluated (0-based), for the interrupted status. */
    void generation(int g) {
        generation = g;
    }

    /** Ends the run as finished, after every queued write; false when a stopping JVM ended it first. */
    boolean finish(RunRecord finished) {
        writes.awaitAll();
        if (!ended.compareAndSet(false, true)) {
            return false;
        }
        try {
            Throwable failure = writes.finish(() -> put(finished), Duration.ofDays(1));
            if (failure instanceof RuntimeException r) {
                throw r;
            }
            if (failure instanceof Error e) {
                throw e;
            }
            if (failure != null) {
                throw new IllegalStateException("could not write the finished status of run " + finished.runId(), failure);
            }
            return true;
        } finally {
            endWritten.countDown();
        }
    }

    /** Ends the run as failed by {@code e}, after every queued write; a failure to record it is added to {@code e}. */
    void fail(Throwable e) {
        writes.awaitAll(e); // the failure is recorded after everything the run wrote before it
        end(RunStatus.FAILED, e.toString(), Duration.ofDays(1), e);
    }

    /** The shutdown hook: the JVM is stopping while the run is live. */
    void interrupted() {
        end(RunStatus.FAILED, "interrupted: the driver JVM was stopped (SIGTERM, SIGINT or System.exit) while generation "
                + (generation + 1) + " was evaluated; re-run the same command to resume", SHUTDOWN_WAIT, null);
    }

    private void end(RunStatus status, String message, Duration wait, Throwable into) {
        if (!ended.compareAndSet(false, true)) {
            awaitEnd(); // a stopping JVM waits for the status the run is writing
            return;
        }
        try {
            Throwable failure = writes.finish(() -> put(written.withStatus(status, clock.instant(), message)), wait);
            if (failure != null && into != null && failure != into) {
                into.addSuppressed(failure);
            }
        } finally {
            endWritten.countDown();
        }
    }

    private void awaitEnd() {
        try {
            endWritten.await(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Refreshes the heartbeat of the row the store holds, when no other write is queued (which refreshes it anyway). */
    private void beat() {
        if (ended.get() || !writes.idle()) {
            return;
        }
        try {
            writes.submit(() -> {
                if (!ended.get()) {
                    put(written.withHeartbeat(clock.instant()));
                }
            });
        } catch (RuntimeException | Error e) {
            // an earlier write failed: the loop reports it; a heartbeat has nothing to add
        }
    }

    private void put(RunRecord record) {
        RunRecord beating = record.withHeartbeat(clock.instant());
        store.putRun(beating);
        written = beating;
    }

    @Override
    public void close() {
        heartbeat.shutdownNow();
        try {
            ShutdownHookManager.get().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already stopping: the hook runs (or ran) and ends the run
        }
    }
}
