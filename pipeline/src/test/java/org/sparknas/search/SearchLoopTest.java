package org.sparknas.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparknas.config.ConfigException;
import org.sparknas.eval.EvaluatorProvider;
import org.sparknas.space.OfaSpace;
import org.sparknas.space.SearchSpaces;
import org.sparknas.spark.Candidate;
import org.sparknas.spark.Outcome;
import org.sparknas.spark.ParquetTrialStore;
import org.sparknas.spark.PopulationEvaluator;
import org.sparknas.spark.SparkTestSession;
import org.sparknas.store.RunStatus;
import org.sparknas.store.TrialRecord;
import org.sparknas.store.ForwardingTrialStore;
import org.sparknas.store.TrialStore;
import org.sparknas.strategy.CostEstimator;
import org.sparknas.strategy.Goal;
import org.sparknas.strategy.Metrics;
import org.sparknas.strategy.Nsga2;
import org.sparknas.strategy.Objective;
import org.sparknas.strategy.Strategy;
import org.sparknas.strategy.TrialStatus;

class SearchLoopTest {

    private static final OfaSpace SPACE = (OfaSpace) SearchSpaces.load(Path.of("../conf/spaces/ofa-fmnist.conf"));
    private static final Goal GOAL = Goal.of(Objective.maximize(Metrics.ACCURACY), Objective.minimize(Metrics.MACS));
    private static final CostEstimator ESTIMATOR = SpaceCostEstimator.of(SPACE);
    private static PopulationEvaluator evaluator;
    private static PopulationEvaluator failingAt20;

    @TempDir
    Path root;

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    @BeforeAll
    static void broadcast() {
        evaluator = new PopulationEvaluator(SparkTestSession.get(), factory(""));
        failingAt20 = new PopulationEvaluator(SparkTestSession.get(), factory("fail-resolution = 20"));
    }

    @AfterAll
    static void release() {
        evaluator.close();
        failingAt20.close();
    }

    private static org.sparknas.eval.EvaluatorFactory factory(String settings) {
        var config = ConfigFactory.parseString("evaluator.settings { " + settings + " }")
                .withFallback(ConfigFactory.parseFile(Path.of("../conf/spaces/ofa-fmnist.conf").toFile())).resolve();
        EvaluatorProvider.Prepared p = new FormulaEvaluatorProvider().prepare(SPACE, config, null);
        return p.factory();
    }

    private RunPlan plan(String runId, int generations, long seed) {
        Map<String, String> trajectory = Map.of("seed", Long.toString(seed), "space", SPACE.fingerprint());
        return new RunPlan(runId, root.toString(), SPACE, GOAL, "nsga2", 6, generations, 500, seed, "formula-v1",
                trajectory, "{}", "local[2]");
    }

    private ParquetTrialStore store() {
        return new ParquetTrialStore(new Configuration(), root.toString(), SPACE,
                java.util.Set.of(Metrics.ACCURACY, Metrics.LOSS, Metrics.MACS, Metrics.PARAMS));
    }

    private static Strategy strategy(long seed) {
        return new Nsga2(SPACE, GOAL, ESTIMATOR, new Nsga2.Settings(6, 0.9, 1.0, 10_000), seed);
    }

    private SearchOutcome run(RunPlan plan, SearchLoop.GenerationEvaluator generations) {
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        return new SearchLoop(plan, store(), strategy(plan.seed()), generations, ESTIMATOR, out, Clock.systemUTC()).run();
    }

    private String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aRunStoresOneFilePerGenerationThenFinishes() throws Exception {
        SearchOutcome outcome = run(plan("r", 3, 1), evaluator::evaluate);
        assertEquals(18, outcome.trials().size());
        try (Stream<Path> files = Files.list(root.resolve("trials/run_id=r"))) {
            assertEquals(3, files.filter(p -> p.getFileName().toString().endsWith(".parquet")).count());
        }
        ParquetTrialStore store = store();
        assertEquals(RunStatus.FINISHED, store.run("r").orElseThrow().status());
        assertEquals(18, store.run("r").orElseThrow().trialsTotal());
        assertEquals(outcome.trials(), store.trials("r"));
        assertFalse(store.pareto("r").isEmpty());
        assertTrue(store.pareto("r").stream().anyMatch(p -> p.rank() == 1));
        for (int i = 0; i < 18; i++) {
            assertEquals(i, outcome.trials().get(i).trialId());
            assertEquals(i / 6, outcome.trials().get(i).generation());
        }
        assertTrue(printed().contains("[gen 3/3] evaluated 6 candidates"), printed());
        assertTrue(printed().contains("Pareto front"), printed());
    }

    @Test
    void aFinishedRunIsNotRunAgain() {
        run(plan("r", 2, 1), evaluator::evaluate);
        AtomicInteger evaluated = new AtomicInteger();
        SearchOutcome again = run(plan("r", 2, 1), (candidates, d) -> {
            evaluated.addAndGet(candidates.size());
            return evaluator.evaluate(candidates, d);
        });
        assertTrue(again.alreadyFinished());
        assertEquals(12, again.trials().size());
        assertEquals(0, evaluated.get());
        assertTrue(printed().contains("already finished"), printed());
    }

    @Test
    void aCrashedRunResumesToTheTrialsOfAnUninterruptedOne() {
        List<TrialRecord> uninterrupted = run(plan("straight", 4, 7), evaluator::evaluate).trials();

        AtomicInteger jobs = new AtomicInteger();
        SearchLoop.GenerationEvaluator crashesInThirdGeneration = (candidates, d) -> {
            if (jobs.incrementAndGet() == 3) {
                throw new IllegalStateException("driver lost");
            }
            return evaluator.evaluate(candidates, d);
        };
        // Another output root, so nothing is reused from the uninterrupted run.
        Path other = root.resolve("other");
        RunPlan plan = new RunPlan("crashy", other.toString(), SPACE, GOAL, "nsga2", 6, 4, 500, 7, "formula-v1",
                Map.of("seed", "7"), "{}", "local[2]");
        ParquetTrialStore store = new ParquetTrialStore(new Configuration(), other.toString(), SPACE,
                java.util.Set.of(Metrics.ACCURACY, Metrics.LOSS, Metrics.MACS, Metrics.PARAMS));
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        assertThrows(IllegalStateException.class, () -> new SearchLoop(plan, store, strategy(7), crashesInThirdGeneration,
                ESTIMATOR, out, Clock.systemUTC()).run());
        assertEquals(RunStatus.FAILED, store.run("crashy").orElseThrow().status());
        assertEquals(12, store.trials("crashy").size());

        List<TrialRecord> resumed = new SearchLoop(plan, store, strategy(7), evaluator::evaluate, ESTIMATOR, out,
                Clock.systemUTC()).run().trials();
        assertEquals(24, resumed.size());
        assertEquals(comparable(uninterrupted), comparable(resumed));
        assertEquals(RunStatus.FINISHED, store.run("crashy").orElseThrow().status());
        assertTrue(printed().contains("resuming: replaying 2 stored generation(s)"), printed());
    }

    @Test
    void aFailedStoreWriteFailsTheRunKeepsTheGenerationsBeforeItAndAResumeCompletesIt() {
        List<TrialRecord> uninterrupted = run(plan("straight", 4, 7), evaluator::evaluate).trials();

        Path other = root.resolve("disk-full");
        RunPlan plan = new RunPlan("full", other.toString(), SPACE, GOAL, "nsga2", 6, 4, 500, 7, "formula-v1",
                Map.of("seed", "7"), "{}", "local[2]");
        ParquetTrialStore store = new ParquetTrialStore(new Configuration(), other.toString(), SPACE,
                java.util.Set.of(Metrics.ACCURACY, Metrics.LOSS, Metrics.MACS, Metrics.PARAMS));
        TrialStore fullAtGeneration1 = new ForwardingTrialStore(store) {
            @Override
            public void appendGeneration(String runId, int generation, List<TrialRecord> trials) {
                if (generation == 1) {
                    throw new java.io.UncheckedIOException(new java.io.IOException("No space left on device"));
                }
                super.appendGeneration(runId, generation, trials);
            }
        };
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        java.io.UncheckedIOException e = assertThrows(java.io.UncheckedIOException.class, () -> new SearchLoop(plan,
                fullAtGeneration1, strategy(7), evaluator::evaluate, ESTIMATOR, out, Clock.systemUTC()).run());
        assertEquals("java.io.IOException: No space left on device", e.getMessage());
        // the writes behind the failed one were skipped: the store holds generation 0 and a catalog row that says so
        assertEquals(6, store.trials("full").size());
        assertEquals(RunStatus.FAILED, store.run("full").orElseThrow().status());
        assertEquals(1, store.run("full").orElseThrow().generationsDone());
        assertTrue(store.run("full").orElseThrow().message().contains("No space left on device"));

        List<TrialRecord> resumed = new SearchLoop(plan, store, strategy(7), evaluator::evaluate, ESTIMATOR, out,
                Clock.systemUTC()).run().trials();
        assertEquals(comparable(uninterrupted), comparable(resumed));
        assertEquals(comparable(uninterrupted), comparable(store.trials("full")));
        assertEquals(RunStatus.FINISHED, store.run("full").orElseThrow().status());
    }

    @Test
    void resumingWithOtherSettingsIsRefusedNamingWhatDiffers() {
        run(plan("r", 1, 1), evaluator::evaluate);
        RunPlan otherSeed = new RunPlan("r", root.toString(), SPACE, GOAL, "nsga2", 6, 2, 500, 2, "formula-v1",
                Map.of("seed", "2", "space", SPACE.fingerprint()), "{}", "local[2]");
        ConfigException e = assertThrows(ConfigException.class, () -> run(otherSeed, evaluator::evaluate));
        assertTrue(e.getMessage().contains("seed 1 -> 2"), e.getMessage());
        assertTrue(e.getMessage().contains("--run-id"), e.getMessage());
    }

    @Test
    void aFailingCandidateBecomesAFailedTrialAndTheRunGoesOn() {
        SearchOutcome outcome = run(plan("f", 3, 3), failingAt20::evaluate);
        List<TrialRecord> failed = outcome.trials().stream().filter(t -> t.trial().status() == TrialStatus.FAILED).toList();
        assertFalse(failed.isEmpty(), "some sampled candidates have resolution 20");
        for (TrialRecord t : failed) {
            assertEquals(20, SPACE.decode(t.trial().architecture()).resolution());
            assertTrue(t.trial().error().contains("simulated failure at resolution 20"), t.trial().error());
            assertTrue(t.trial().metrics().isEmpty());
        }
        assertEquals(18, outcome.trials().size());
        assertEquals(RunStatus.FINISHED, store().run("f").orElseThrow().status());
        assertEquals(failed.size(), store().run("f").orElseThrow().trialsFailed());
    }

    @Test
    void measurementsOfAnEarlierRunAreReusedNotRepeated() {
        List<TrialRecord> first = run(plan("first", 2, 5), evaluator::evaluate).trials();
        AtomicInteger evaluated = new AtomicInteger();
        List<TrialRecord> second = run(plan("second", 2, 5), (candidates, d) -> {
            evaluated.addAndGet(candidates.size());
            return evaluator.evaluate(candidates, d);
        }).trials();
        assertEquals(0, evaluated.get());
        assertEquals(comparable(first), comparable(second));
        second.forEach(t -> assertEquals("first", t.reusedFrom()));
        assertEquals(12, store().run("second").orElseThrow().trialsReused());
    }

    @Test
    void outcomesComeBackInAskOrderWithWhereTheyRan() {
        List<Candidate> candidates = List.of(
                new Candidate(0, SPACE.smallest(), 500, SPACE.macs(SPACE.smallest())),
                new Candidate(1, SPACE.largest(), 500, SPACE.macs(SPACE.largest())));
        List<Outcome> outcomes = evaluator.evaluate(candidates, "test");
        assertEquals(0, outcomes.get(0).index());
        assertEquals(1, outcomes.get(1).index());
        assertEquals((double) SPACE.macs(SPACE.largest()), outcomes.get(1).metrics().get(Metrics.MACS));
        assertEquals("driver", outcomes.get(0).executor());
        assertEquals("cpu", outcomes.get(0).device());
        assertNotNull(outcomes.get(0).evaluatorId());
    }

    /** What must be equal between two runs of the same search: not timings, not where it ran. */
    static List<String> comparable(List<TrialRecord> trials) {
        return trials.stream().map(t -> t.trialId() + " " + t.generation() + " " + t.archKey() + " "
                + t.trial().status() + " " + new java.util.TreeMap<>(t.trial().metrics())).toList();
    }
}
