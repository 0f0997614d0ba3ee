package org.sparknas.spark;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.sparknas.eval.Evaluator;
import org.sparknas.supernet.ComputeDevice;

/**
 * The evaluators of one executor JVM, kept across tasks and generations: an evaluator is created
 * (the supernet loaded) once per broadcast, device and concurrently running task, never per task.
 * A task borrows one and gives it back; with one task slot per executor there is exactly one.
 */
final class ExecutorEvaluators {

    /** An evaluator with the id that the trials table records for it. */
    record Lease(String id, Evaluator evaluator) {
    }

    private record PoolKey(long broadcastId, ComputeDevice device) {
    }

    private static final Map<PoolKey, Deque<Lease>> IDLE = new ConcurrentHashMap<>();
    private static final AtomicInteger CREATED = new AtomicInteger();

    private ExecutorEvaluators() {
    }

    static Lease borrow(long broadcastId, ComputeDevice device, String executorId, Supplier<Evaluator> create) {
        Deque<Lease> idle = IDLE.computeIfAbsent(new PoolKey(broadcastId, device), k -> new ArrayDeque<>());
        synchronized (idle) {
            Lease lease = idle.pollFirst();
            if (lease != null) {
                return lease;
            }
        }
        int n = CREATED.incrementAndGet();
        String id = executorId + "/" + ProcessHandle.current().pid() + "/" + n;
        return new Lease(id, create.get());
    }

    static void giveBack(long broadcastId, ComputeDevice device, Lease lease) {
        Deque<Lease> idle = IDLE.computeIfAbsent(new PoolKey(broadcastId, device), k -> new ArrayDeque<>());
        synchronized (idle) {
            idle.addFirst(lease);
        }
    }

    /** Closes and forgets the evaluators of a broadcast that will not be used again (the driver's own JVM, in local mode). */
    static void release(long broadcastId) {
        IDLE.entrySet().removeIf(e -> {
            if (e.getKey().broadcastId() != broadcastId) {
                return false;
            }
            synchronized (e.getValue()) {
                e.getValue().forEach(lease -> lease.evaluator().close());
                e.getValue().clear();
            }
            return true;
        });
    }
}
