package org.sparknas.report;

import com.typesafe.config.ConfigFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;
import org.sparknas.config.StrictConfig;
import org.sparknas.latency.SpaceCostEstimator;
import org.sparknas.search.RunPlan;
import org.sparknas.search.SearchLoop;
import org.sparknas.space.Architecture;
import org.sparknas.spark.Candidate;
import org.sparknas.spark.Outcome;
import org.sparknas.store.RunRecord;
import org.sparknas.store.StoredRun;
import org.sparknas.store.parquet.ParquetRunSource;
import org.sparknas.store.parquet.ParquetTrialStore;
import org.sparknas.strategy.CostEstimator;
import org.sparknas.strategy.Goal;
import org.sparknas.strategy.Metrics;
import org.sparknas.strategy.Objective;
import org.sparknas.strategy.Strategies;
import org.sparknas.strategy.Strategy;

/**
 * A synthetic output root of many finished runs, for the report's benchmark and tests: each run is
 * made by the real search loop (strategy, store, catalog rows, Pareto rows, hypervolume scale) with a
 * formula in place of the supernet, so no Spark and no DJL. The runs share one supernet checksum, so
 * the report compares them; the strategies take turns; generations hold {@link #GENERATION_SIZE}
 * candidates. The same seed gives the same trials, Pareto rows and stored times (a simulated clock).
 *
 * <p>Metrics: accuracy and loss growing with MACs plus a per-architecture draw, MACs and parameters
 * from the space, four table latencies ({@link #LATENCIES}); about 2% of the architectures fail.
 * Objectives: max accuracy, min {@code latency_cpu_b1}.
 *
 * <pre>java ... org.sparknas.report.SyntheticRuns ROOT [runs] [trials-per-run] [seed]</pre>
 * (run from the pipeline directory: the space file's path is relative to it).
 */
public final class SyntheticRuns {

    public static final String SUPERNET = "synthetic-supernet-sha256";
    public static final int GENERATION_SIZE = 20;
    public static final List<String> STRATEGIES = List.of("nsga2", "random", "regularized-evolution",
            "pareto-local-search", "ofa-evolution");
    public static final List<String> LATENCIES = List.of(Metrics.tableLatency("cpu", 1), Metrics.tableLatency("cpu", 8),
            Metrics.tableLatency("cuda", 1), Metrics.tableLatency("cuda", 64));
    public static final Goal GOAL = Goal.of(Objective.maximize(Metrics.ACCURACY), Objective.minimize(LATENCIES.get(0)));

    private static final CostEstimator ESTIMATOR = SpaceCostEstimator.of(ReportFixture.SPACE);
    private static final double FAILED_SHARE = 0.02;
    /** Evaluations running at once, to advance the simulated clock by a generation's wall time. */
    private static final int SLOTS = 2;

    private SyntheticRuns() {
    }

    public static void main(String[] args) {
        if (args.length < 1) {
            throw new IllegalArgumentException("usage: SyntheticRuns ROOT [runs] [trials-per-run] [seed]");
        }
        Path root = Path.of(args[0]);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int trials = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 1;
        long start = System.nanoTime();
        List<String> ids = write(root, runs, trials, seed);
        System.out.printf("generated %d runs x %d trials under %s in %.1f s%n", ids.size(), trials, root,
                (System.nanoTime() - start) / 1e9);
        ParquetRunSource source = new ParquetRunSource(new Configuration(), root.toString());
        for (RunRecord run : source.runs()) {
            StoredRun stored = source.load(run, RunSpace.of(run));
            System.out.printf("  %s: %s, %d trials (%d failed, %d reused), %d Pareto rows, hypervolume %.4f%n", run.runId(),
                    run.status(), run.trialsTotal(), run.trialsFailed(), run.trialsReused(), stored.pareto().size(),
                    run.hypervolume());
        }
    }

    /**
     * Writes {@code runs} finished runs of {@code trialsPerRun} trials each (whole generations of
     * {@link #GENERATION_SIZE}) under {@code root}, and returns their ids.
     */
    public static List<String> write(Path root, int runs, int trialsPerRun, long seed) {
        if (trialsPerRun % GENERATION_SIZE != 0) {
            throw new IllegalArgumentException("trials per run must be a multiple of the generation size "
                    + GENERATION_SIZE + ", got " + trialsPerRun);
        }
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> metrics = new HashSet<>(Set.of(Metrics.ACCURACY, Metrics.LOSS, Metrics.MACS, Metrics.PARAMS));
        metrics.addAll(LATENCIES);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            String strategyName = STRATEGIES.get(i % STRATEGIES.size());
            long runSeed = seed * 1000 + i;
            String runId = strategyName + "-s" + runSeed;
            int generations = trialsPerRun / GENERATION_SIZE;
            SimulatedClock clock = new SimulatedClock(Instant.parse("2026-01-01T00:00:00Z").plus(Duration.ofHours(i)));
            RunPlan plan = new RunPlan(runId, root.toString(), ReportFixture.SPACE, GOAL, strategyName, GENERATION_SIZE,
                    generations, ReportFixture.FIDELITY, runSeed, SUPERNET,
                    ReportFixture.EVALUATION, Map.of("seed", Long.toString(runSeed), "strategy", strategyName),
                    ReportFixture.configJson(strategyName, runSeed, GENERATION_SIZE, generations, GOAL), "local[2]");
            ParquetTrialStore store = new ParquetTrialStore(new Configuration(), root.toString(), ReportFixture.SPACE,
                    metrics);
            PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
            new SearchLoop(plan, store, strategy(strategyName, runSeed), evaluator(seed, clock), ESTIMATOR, quiet, clock)
                    .run();
            ids.add(runId);
        }
        return ids;
    }

    private static Strategy strategy(String name, long seed) {
        var config = ConfigFactory.parseString("name = " + name);
        StrictConfig strategy = new StrictConfig(config, "strategy");
        if (Strategies.generational(strategy)) {
            strategy = new StrictConfig(config.withFallback(ConfigFactory.parseString("population = " + GENERATION_SIZE)),
                    "strategy");
        }
        return Strategies.create(strategy, ReportFixture.SPACE, GOAL, ESTIMATOR, seed);
    }

    /** Metrics drawn per architecture (so a reused trial has the same ones), and the clock moved by the generation. */
    private static SearchLoop.GenerationEvaluator evaluator(long seed, SimulatedClock clock) {
        return (candidates, description) -> {
            List<Outcome> out = new ArrayList<>();
            double seconds = 0;
            for (Candidate c : candidates) {
                Outcome o = evaluate(seed, c);
                seconds += o.seconds();
                out.add(o);
            }
            clock.advance(Duration.ofMillis((long) (seconds / SLOTS * 1000)));
            return out;
        };
    }

    static Outcome evaluate(long seed, Candidate c) {
        Architecture a = c.architecture();
        SplittableRandom draw = new SplittableRandom(seed * 1_000_003L + a.key().hashCode());
        double macs = ReportFixture.SPACE.macs(a);
        int resolution = ReportFixture.SPACE.decode(a).resolution();
        double seconds = 0.5 + macs / 2e6 + draw.nextDouble();
        String executor = "executor-" + draw.nextInt(2);
        if (draw.nextDouble() < FAILED_SHARE) {
            return new Outcome(c.index(), Map.of(), "java.lang.OutOfMemoryError: simulated", seconds, executor, "cpu", "synthetic");
        }
        double accuracy = Math.min(0.95, 0.70 + 0.22 * (1 - Math.exp(-macs / 2e6)) + (draw.nextDouble() - 0.5) * 0.04);
        double cpu1 = macs / 1e6 * 0.9 + resolution / 40.0 + draw.nextDouble() * 0.3;
        double cuda1 = 0.4 + macs / 5e7 + draw.nextDouble() * 0.05;
        Map<String, Double> metrics = new HashMap<>();
        metrics.put(Metrics.ACCURACY, accuracy);
        metrics.put(Metrics.LOSS, 1.6 * (1 - accuracy) + draw.nextDouble() * 0.05);
        metrics.put(Metrics.MACS, macs);
        metrics.put(Metrics.PARAMS, (double) ReportFixture.SPACE.params(a));
        metrics.put(LATENCIES.get(0), cpu1);
        metrics.put(LATENCIES.get(1), cpu1 * (5 + draw.nextDouble()));
        metrics.put(LATENCIES.get(2), cuda1);
        metrics.put(LATENCIES.get(3), cuda1 * (3 + draw.nextDouble()));
        return new Outcome(c.index(), metrics, null, seconds, executor, "cpu", "synthetic");
    }

    /** Time that moves only when a generation is evaluated, so the stored times are the same on every run. */
    private static final class SimulatedClock extends Clock {
        private volatile Instant now;

        SimulatedClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
