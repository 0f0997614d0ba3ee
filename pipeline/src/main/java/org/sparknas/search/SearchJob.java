package org.sparknas.search;

import java.io.PrintStream;
import java.time.Clock;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.SparkSession;
import org.sparknas.config.ConfigException;
import org.sparknas.eval.EvaluatorFactory;
import org.sparknas.eval.EvaluatorProvider;
import org.sparknas.eval.LatencyEvaluatorFactory;
import org.sparknas.latency.LatencyConsistentStore;
import org.sparknas.latency.LookupTableModel;
import org.sparknas.latency.SpaceCostEstimator;
import org.sparknas.space.OfaSpace;
import org.sparknas.spark.PopulationEvaluator;
import org.sparknas.store.RunIds;
import org.sparknas.store.TrialStore;
import org.sparknas.store.parquet.ParquetTrialStore;
import org.sparknas.strategy.CostEstimator;
import org.sparknas.strategy.Strategies;
import org.sparknas.strategy.Strategy;

/**
 * A whole search on the driver: check every input, broadcast the evaluator once, and run the
 * generation loop against the Parquet store. Every input error is a {@link ConfigException}
 * raised before the first Spark job.
 */
public final class SearchJob {

    private final SearchSettings settings;
    private final PrintStream out;

    public SearchJob(SearchSettings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    public SearchOutcome run(SparkSession spark) {
        EvaluatorProvider provider = EvaluatorProviders.load(settings.evaluatorProvider());
        EvaluatorProvider.Prepared prepared = provider.prepare(settings.space(), settings.config(),
                EvaluatorProvider.FileReader.hadoop(spark.sparkContext().hadoopConfiguration()));
        // Latency metrics (table predictions, measurements) are added to whatever the evaluator measures.
        EvaluatorFactory factory = LatencyEvaluatorFactory.attach(prepared.factory(), settings.space(), settings.latency());
        checkGoalMetrics(factory.metrics());

        var trajectory = RunPlan.trajectoryOf(settings, prepared.modelChecksum());
        // Only when configured, so that the ids of runs without latency stay what they were.
        settings.latency().signature().ifPresent(signature -> trajectory.put("latency", signature));
        String runId = settings.runId().isEmpty()
                ? RunIds.derived(settings.strategy(), settings.seed(), RunPlan.digest(trajectory))
                : settings.runId();
        RunPlan plan = new RunPlan(runId, settings.output(), settings.space(), settings.goal(), settings.strategy(),
                settings.generationSize(), settings.generations(), settings.fidelity(), settings.seed(),
                prepared.modelChecksum(), EvaluationFingerprint.of(settings), trajectory, settings.json(), spark.sparkContext().master());

        ParquetTrialStore parquet = new ParquetTrialStore(spark.sparkContext().hadoopConfiguration(), settings.output(),
                settings.space(), factory.metrics());
        parquet.checkWritable();
        CostEstimator estimator = SpaceCostEstimator.of(settings.space(), settings.latency().tables());
        TrialStore store = OfaSpace.of(settings.space()).filter(ofa -> settings.latency().configured())
                .<TrialStore>map(ofa -> new LatencyConsistentStore(parquet, factory.metrics(),
                        new LookupTableModel(ofa, settings.latency().tables())))
                .orElse(parquet);
        Strategy strategy = Strategies.create(settings.strategyConfig(), settings.space(), settings.goal(), estimator,
                settings.seed());
        out.println("evaluator: " + factory.describe());
        try (PopulationEvaluator evaluator = new PopulationEvaluator(spark, factory, out, PopulationEvaluator.PROGRESS_EVERY)) {
            warnAboutLongGenerations(evaluator.slots());
            return new SearchLoop(plan, store, strategy, evaluator::evaluate, estimator, out, Clock.systemUTC()).run();
        }
    }

    /** A generation many times larger than the cluster runs at once takes as many rounds of evaluations. */
    private void warnAboutLongGenerations(int slots) {
        if (settings.generationSize() > LONG_GENERATION_ROUNDS * slots) {
            out.printf(java.util.Locale.ROOT, "warning: generation size %d is %d times the %d task slot(s) of this Spark"
                            + " application: each generation takes about %d rounds of evaluations before the strategy learns"
                            + " from it, and a crash loses up to a whole generation; progress is printed every %ds."
                            + " A smaller generation size with more generations, or more executors, is usually better%n",
                    settings.generationSize(), settings.generationSize() / slots, slots, (settings.generationSize() + slots - 1) / slots,
                    PopulationEvaluator.PROGRESS_EVERY.toSeconds());
        }
    }

    /** Above this many rounds of the cluster's slots per generation, a search warns. */
    static final int LONG_GENERATION_ROUNDS = 64;

    private void checkGoalMetrics(Set<String> produced) {
        Set<String> missing = new TreeSet<>(settings.goal().metrics());
        missing.removeAll(produced);
        if (!missing.isEmpty()) {
            throw new ConfigException("the search goal uses metric(s) " + missing + " that the evaluator does not produce;"
                    + " it produces " + new TreeSet<>(produced) + ". Fix search.objectives / search.constraints / search.reward"
                    + " (latency_<device>_b<batch> needs latency.tables.<device>; measured_latency_<device>_b<batch>"
                    + " needs latency.measure)");
        }
    }
}
