package org.sparknas.search;

import java.io.PrintStream;
import java.time.Clock;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.SparkSession;
import org.sparknas.config.ConfigException;
import org.sparknas.eval.EvaluatorProvider;
import org.sparknas.spark.HadoopFileReader;
import org.sparknas.spark.ParquetTrialStore;
import org.sparknas.spark.PopulationEvaluator;
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
                new HadoopFileReader(spark.sparkContext().hadoopConfiguration()));
        checkGoalMetrics(prepared.factory().metrics());

        var trajectory = RunPlan.trajectoryOf(settings, prepared.modelChecksum());
        String runId = settings.runId().isEmpty()
                ? RunIds.derived(settings.strategy(), settings.seed(), RunPlan.digest(trajectory))
                : settings.runId();
        RunPlan plan = new RunPlan(runId, settings.output(), settings.space(), settings.goal(), settings.strategy(),
                settings.population(), settings.generations(), settings.fidelity(), settings.seed(),
                prepared.modelChecksum(), trajectory, settings.json(), spark.sparkContext().master());

        ParquetTrialStore store = new ParquetTrialStore(spark, settings.output(), settings.space(),
                prepared.factory().metrics());
        store.checkWritable();
        CostEstimator estimator = SpaceCostEstimator.of(settings.space());
        Strategy strategy = Strategies.create(settings.strategyConfig(), settings.space(), settings.goal(), estimator,
                settings.seed());
        out.println("evaluator: " + prepared.factory().describe());
        try (PopulationEvaluator evaluator = new PopulationEvaluator(spark, prepared.factory())) {
            return new SearchLoop(plan, store, strategy, evaluator::evaluate, estimator, out, Clock.systemUTC()).run();
        }
    }

    private void checkGoalMetrics(Set<String> produced) {
        Set<String> missing = new TreeSet<>(settings.goal().metrics());
        missing.removeAll(produced);
        if (!missing.isEmpty()) {
            throw new ConfigException("the search goal uses metric(s) " + missing + " that the evaluator does not produce;"
                    + " it produces " + new TreeSet<>(produced) + ". Fix search.objectives / search.constraints / search.reward"
                    + " (latency metrics need a latency table for that device)");
        }
    }
}
