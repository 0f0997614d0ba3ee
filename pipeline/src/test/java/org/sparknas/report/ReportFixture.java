package org.sparknas.report;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.sparknas.data.DataSettings;
import org.sparknas.eval.EvaluatorProvider;
import org.sparknas.latency.SpaceCostEstimator;
import org.sparknas.search.EvaluationFingerprint;
import org.sparknas.search.FormulaEvaluatorProvider;
import org.sparknas.search.RunPlan;
import org.sparknas.search.SearchLoop;
import org.sparknas.space.Architecture;
import org.sparknas.space.OfaSpace;
import org.sparknas.space.SearchSpaces;
import org.sparknas.spark.Outcome;
import org.sparknas.spark.PopulationEvaluator;
import org.sparknas.spark.SparkTestSession;
import org.sparknas.store.RunRecord;
import org.sparknas.store.RunStatus;
import org.sparknas.store.TrialRecord;
import org.sparknas.store.parquet.ParquetTrialStore;
import org.sparknas.strategy.Constraint;
import org.sparknas.strategy.CostEstimator;
import org.sparknas.strategy.Goal;
import org.sparknas.strategy.Metrics;
import org.sparknas.strategy.Nsga2;
import org.sparknas.strategy.Objective;
import org.sparknas.strategy.RandomSearch;
import org.sparknas.strategy.Strategy;
import org.sparknas.strategy.Trial;
import org.sparknas.strategy.TrialStatus;

/**
 * Real runs for report tests, made by the search loop with the formula evaluator (no DJL) on the
 * shared local Spark session, and hand-made runs for cases checked by hand.
 *
 * <p>{@link #shared()} holds three runs, made once per JVM, all for max accuracy, min MACs:
 * <ul>
 *   <li>{@code nsga2-a}: NSGA-II, seed 1, 3 generations of 8, supernet {@code formula-v1}, with a
 *       {@code latency_cpu_b1} column, subject to {@link #LATENCY_GOAL}'s constraints;</li>
 *   <li>{@code random-a}: random search, seed 2, otherwise the same; candidates at resolution 20 fail;</li>
 *   <li>{@code other-net}: NSGA-II, seed 3, 2 generations of 6, supernet {@code formula-v2}, no
 *       latency column, subject to {@link #GOAL}'s constraint.</li>
 * </ul>
 */
public final class ReportFixture {

    public static final Path SPACE_FILE = Path.of("../conf/spaces/ofa-fmnist.conf");
    public static final OfaSpace SPACE = (OfaSpace) SearchSpaces.load(SPACE_FILE);
    public static final Goal GOAL = Goal.of(Objective.maximize(Metrics.ACCURACY), Objective.minimize(Metrics.MACS))
            .withConstraints(List.of(Constraint.atMost(Metrics.MACS, 3e6)));
    public static final String LATENCY = "latency_cpu_b1";
    /** MACs can be checked before evaluation, the latency only after: so some trials are infeasible. */
    public static final Goal LATENCY_GOAL = GOAL.withConstraints(List.of(Constraint.atMost(LATENCY, 3.0)));
    public static final int FIDELITY = 500;
    /** How the fixture's runs measure: the formula evaluator on the synthetic images. */
    public static final String EVALUATION = EvaluationFingerprint.of(FormulaEvaluatorProvider.class.getName(), "",
            new DataSettings(DataSettings.SYNTHETIC, "", 500, 500, 0), 200);

    private static final CostEstimator ESTIMATOR = SpaceCostEstimator.of(SPACE);
    private static final Map<String, String> PRINTED = new java.util.concurrent.ConcurrentHashMap<>();
    private static Path shared;

    private ReportFixture() {
    }

    /** The output root with the three runs above; made on first use, deleted when the JVM exits. */
    public static synchronized Path shared() {
        if (shared == null) {
            try {
                Path root = Files.createTempDirectory("sparknas-report-fixture");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(root)));
                try (PopulationEvaluator ok = new PopulationEvaluator(SparkTestSession.get(), factory(""));
                     PopulationEvaluator failing = new PopulationEvaluator(SparkTestSession.get(),
                             factory("fail-resolution = 20"))) {
                    search(root, "nsga2-a", "nsga2", 1, "formula-v1", 3, 8, LATENCY_GOAL, withLatency(ok));
                    search(root, "random-a", "random", 2, "formula-v1", 3, 8, LATENCY_GOAL, withLatency(failing));
                    search(root, "other-net", "nsga2", 3, "formula-v2", 2, 6, GOAL, ok::evaluate);
                }
                shared = root;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shared;
    }

    /** What the search printed for a run of {@link #shared()} (its per-generation progress lines). */
    public static String printed(String runId) {
        shared();
        return PRINTED.get(runId);
    }

    /** The store of an output root of these runs, to read back what the report should show. */
    public static ParquetTrialStore store(Path root) {
        return new ParquetTrialStore(new Configuration(), root.toString(), SPACE, Set.of());
    }

    /** The configuration a run of {@code sparknas search} would store: the space and the search settings. */
    public static String configJson(String strategy, long seed, int population, int generations, Goal goal) {
        Config search = ConfigFactory.parseString("strategy.name = " + strategy + "\nsearch { generation-size = " + population
                + ", generations = " + generations + ", fidelity = " + FIDELITY + ", seed = " + seed + " }")
                .withValue("search.objectives", ConfigValueFactory.fromIterable(
                        goal.objectives().stream().map(Object::toString).toList()))
                .withValue("search.constraints", ConfigValueFactory.fromIterable(
                        goal.constraints().stream().map(Object::toString).toList()));
        return search.withFallback(ConfigFactory.parseFile(SPACE_FILE.toFile())).resolve().root()
                .render(ConfigRenderOptions.concise());
    }

    private static void search(Path root, String runId, String strategyName, long seed, String supernet, int generations,
                               int population, Goal goal, SearchLoop.GenerationEvaluator evaluator) {
        RunPlan plan = new RunPlan(runId, root.toString(), SPACE, goal, strategyName, population, generations, FIDELITY, seed,
                supernet, EVALUATION, Map.of("seed", Long.toString(seed), "strategy", strategyName),
                configJson(strategyName, seed, population, generations, goal), "local[2]");
        Strategy strategy = strategyName.equals("random")
                ? new RandomSearch(SPACE, goal, ESTIMATOR, RandomSearch.Settings.DEFAULTS, seed)
                : new Nsga2(SPACE, goal, ESTIMATOR, new Nsga2.Settings(population, 0.9, 1.0, 10_000), seed);
        ParquetTrialStore store = new ParquetTrialStore(new Configuration(), root.toString(), SPACE,
                Set.of(Metrics.ACCURACY, Metrics.LOSS, Metrics.MACS, Metrics.PARAMS));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        new SearchLoop(plan, store, strategy, evaluator, ESTIMATOR, out, Clock.systemUTC()).run();
        PRINTED.put(runId, printed.toString(StandardCharsets.UTF_8));
    }

    /** Adds a table latency that is not a function of MACs alone, so its front differs from the MACs front. */
    private static SearchLoop.GenerationEvaluator withLatency(PopulationEvaluator evaluator) {
        return (candidates, description) -> {
            Map<Integer, Architecture> byIndex = new HashMap<>();
            candidates.forEach(c -> byIndex.put(c.index(), c.architecture()));
            List<Outcome> out = new ArrayList<>();
            for (Outcome o : evaluator.evaluate(candidates, description)) {
                if (o.error() != null) {
                    out.add(o);
                    continue;
                }
                Map<String, Double> metrics = new HashMap<>(o.metrics());
                metrics.put(LATENCY, latency(byIndex.get(o.index())));
                out.add(new Outcome(o.index(), metrics, null, o.seconds(), o.executor(), o.device(), o.evaluatorId()));
            }
            return out;
        };
    }

    static double latency(Architecture a) {
        return SPACE.macs(a) / 1e6 * 0.9 + SPACE.decode(a).resolution() / 40.0 + Math.floorMod(a.key().hashCode(), 97) / 300.0;
    }

    private static org.sparknas.eval.EvaluatorFactory factory(String settings) {
        Config config = ConfigFactory.parseString("evaluator.settings { " + settings + " }")
                .withFallback(ConfigFactory.parseFile(SPACE_FILE.toFile())).resolve();
        EvaluatorProvider.Prepared p = new FormulaEvaluatorProvider().prepare(SPACE, config, null);
        return p.factory();
    }

    // ---- hand-made runs ----

    /** A finished run's catalog row, with the fixture's space and the given goal. */
    public static RunRecord runRecord(String runId, String strategy, String supernet, List<String> objectives,
                                      List<String> constraints) {
        Instant t = Instant.parse("2026-01-02T03:04:05Z");
        return new RunRecord(runId, ParquetTrialStore.SCHEMA_VERSION, configJson(strategy, 0, 4, 1, GOAL), "digest", supernet,
                SPACE.name(), SPACE.fingerprint(), 0, strategy, objectives, constraints, 4, FIDELITY, RunStatus.FINISHED,
                t, t, t, 1, 1, 0, 0, 0, 0, "local[2]", null);
    }

    /** A successful trial with just accuracy and MACs, for fronts checked by hand. */
    public static TrialRecord trial(String runId, long trialId, int generation, Architecture arch, String supernet,
                                    double accuracy, double macs) {
        return trial(runId, trialId, generation, arch, supernet, Map.of(Metrics.ACCURACY, accuracy, Metrics.MACS, macs));
    }

    /** A successful trial with the given metrics. */
    public static TrialRecord trial(String runId, long trialId, int generation, Architecture arch, String supernet,
                                    Map<String, Double> metrics) {
        Trial trial = new Trial(arch, FIDELITY, metrics, TrialStatus.OK, null);
        return new TrialRecord(runId, trialId, generation, "random", trial, new TrialRecord.Provenance(0.1, "driver", "cpu"),
                supernet, null, "e",
                Instant.parse("2026-01-02T03:04:05Z"));
    }

    /** A copy of an output root (directories first), for a test that damages or edits one. */
    public static void copyTree(Path from, Path to) throws java.io.IOException {
        try (java.util.stream.Stream<Path> paths = java.nio.file.Files.walk(from)) {
            for (Path p : paths.sorted(java.util.Comparator.naturalOrder()).toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (java.nio.file.Files.isDirectory(p)) {
                    java.nio.file.Files.createDirectories(target);
                } else {
                    java.nio.file.Files.copy(p, target);
                }
            }
        }
    }

    /** Distinct architectures of the fixture space, in a fixed order. */
    public static List<Architecture> architectures(int n) {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(11);
        java.util.LinkedHashSet<Architecture> out = new java.util.LinkedHashSet<>();
        while (out.size() < n) {
            out.add(SPACE.sample(rng));
        }
        return new ArrayList<>(out);
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort at JVM exit
        }
    }
}
