package org.sparknas.spark;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.sparknas.eval.EvaluatorFactory;

/**
 * Evaluates one generation as one Spark job. The evaluator factory (weights and images) is
 * broadcast once for the whole search; each candidate is its own task, and tasks are submitted
 * largest first, so that the generation ends with small tasks filling the gaps instead of one
 * large straggler (longest-processing-time-first scheduling).
 */
public final class PopulationEvaluator implements AutoCloseable {

    /** How often a long generation prints its progress. */
    public static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);

    private final JavaSparkContext jsc;
    private final Broadcast<EvaluatorFactory> factory;
    private final PrintStream progress;
    private final Duration progressEvery;

    public PopulationEvaluator(SparkSession spark, EvaluatorFactory factory) {
        this(spark, factory, null, PROGRESS_EVERY);
    }

    /** @param progress where a long generation prints its progress every {@code progressEvery}; null: nowhere */
    public PopulationEvaluator(SparkSession spark, EvaluatorFactory factory, PrintStream progress, Duration progressEvery) {
        this.jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        this.factory = jsc.broadcast(factory);
        this.progress = progress;
        this.progressEvery = progressEvery;
    }

    /** The outcomes of {@code candidates}, in the order of their index. */
    public List<Outcome> evaluate(List<Candidate> candidates, String jobDescription) {
        if (candidates.isEmpty()) {
            return List.of();
        }
        List<Candidate> largestFirst = new ArrayList<>(candidates);
        largestFirst.sort(Comparator.comparingDouble(Candidate::predictedCost).reversed()
                .thenComparingInt(Candidate::index));
        String group = "sparknas-" + UUID.randomUUID();
        jsc.setJobGroup(group, jobDescription, false);
        try (GenerationProgress ignored = progress == null ? null
                : new GenerationProgress(jsc, group, jobDescription, progress, progressEvery)) {
            List<Outcome> outcomes = new ArrayList<>(jsc.parallelize(largestFirst, largestFirst.size())
                    .mapPartitions(new EvaluateTask(factory))
                    .collect());
            outcomes.sort(Comparator.comparingInt(Outcome::index));
            return outcomes;
        } catch (Throwable e) { // Spark's job failure is a checked exception thrown unchecked
            var inputError = ExecutorInputErrors.of(e);
            if (inputError.isPresent()) {
                throw inputError.get();
            }
            throw e;
        } finally {
            jsc.clearJobGroup();
        }
    }

    /** Number of tasks that can run at once: what slot utilisation is measured against. */
    public int slots() {
        return jsc.sc().defaultParallelism();
    }

    @Override
    public void close() {
        ExecutorEvaluators.release(factory.id());
        factory.destroy();
    }
}
