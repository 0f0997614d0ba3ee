package org.sparknas.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.sparknas.eval.EvaluatorFactory;
import org.sparknas.supernet.ComputeDevice;

/**
 * The body of an evaluation task: borrow this executor's evaluator for the broadcast (creating it
 * only the first time), evaluate the task's candidates, and turn whatever a candidate's evaluation
 * throws into a failed outcome so that one bad candidate does not fail the generation: an exception,
 * the engine's native out-of-memory (DJL's {@code EngineException}, also CUDA's), and an {@code Error}
 * such as {@code OutOfMemoryError}, which Spark would otherwise take as fatal and end the executor JVM
 * with (exit 52; in local mode, the driver with it). Its allocations are garbage once it is thrown, so
 * the JVM goes on. A task that Spark is killing (cancelled job, speculation) is not a candidate's failure.
 */
final class EvaluateTask implements FlatMapFunction<Iterator<Candidate>, Outcome> {

    private static final long serialVersionUID = 1L;

    private final Broadcast<EvaluatorFactory> factory;

    EvaluateTask(Broadcast<EvaluatorFactory> factory) {
        this.factory = factory;
    }

    @Override
    public Iterator<Outcome> call(Iterator<Candidate> candidates) {
        TaskContext task = TaskContext.get();
        ComputeDevice device = TaskDevices.of(task);
        String executor = SparkEnv.get().executorId();
        int threads = Math.max(1, task.cpus());
        ExecutorHadoop.install();
        ExecutorEvaluators.Lease lease = ExecutorEvaluators.borrow(factory.id(), device, executor,
                () -> factory.value().create(device, threads));
        List<Outcome> out = new ArrayList<>();
        try {
            while (candidates.hasNext()) {
                Candidate c = candidates.next();
                long start = System.nanoTime();
                Map<String, Double> metrics = Map.of();
                String error = null;
                try {
                    metrics = lease.evaluator().evaluate(c.architecture(), c.fidelity());
                    error = invalidMetric(metrics);
                } catch (Throwable e) {
                    if (task.isInterrupted()) {
                        throw e;
                    }
                    error = describe(e);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                out.add(new Outcome(c.index(), error == null ? metrics : Map.of(), error, seconds, executor,
                        device.toString(), lease.id()));
            }
        } finally {
            ExecutorEvaluators.giveBack(factory.id(), device, lease);
        }
        return out.iterator();
    }

    private static String invalidMetric(Map<String, Double> metrics) {
        for (Map.Entry<String, Double> e : metrics.entrySet()) {
            if (e.getValue() == null || !Double.isFinite(e.getValue())) {
                return "metric '" + e.getKey() + "' is " + e.getValue() + " (not a finite number)";
            }
        }
        return null;
    }

    static String describe(Throwable e) {
        StringBuilder text = new StringBuilder(e.toString());
        Throwable cause = e.getCause();
        while (cause != null && cause != e && text.length() < 2000) {
            text.append("; caused by ").append(cause);
            e = cause;
            cause = cause.getCause();
        }
        return text.toString();
    }
}
