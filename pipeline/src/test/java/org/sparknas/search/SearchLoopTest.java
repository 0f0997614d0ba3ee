package org.sparknas.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import org.sparknas.data.DataSettings;
import org.sparknas.eval.EvaluatorProvider;
import org.sparknas.latency.SpaceCostEstimator;
import org.sparknas.space.OfaSpace;
import org.sparknas.space.SearchSpaces;
import org.sparknas.spark.Candidate;
import org.sparknas.spark.Outcome;
import org.sparknas.spark.PopulationEvaluator;
import org.sparknas.spark.SparkTestSession;
import org.sparknas.store.ForwardingTrialStore;
import org.sparknas.store.RunStatus;
import org.sparknas.store.TrialRecord;
import org.sparknas.store.TrialStore;
import org.sparknas.store.parquet.LegacyRunRows;
import org.sparknas.store.parquet.ParquetTrialStore;
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
    /** How the formula evaluator's trials are measured here: 500 validation and 2,000 calibration images, split seed 0. */
    static final String EVALUATION = evaluation(2000, 0);
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

    /** The evaluation fingerprint of the formula evaluator on synthetic images split this way. */
    private static String evaluation(int calibrationSize, long splitSeed) {
        return EvaluationFingerprint.of(FormulaEvaluatorProvider.class.getName(), "",
                new DataSettings(DataSettings.SYNTHETIC, "", 500, calibrationSize, splitSeed), 200);
    }

    private RunPlan plan(String runId, int generations, long seed) {
        return plan(runId, generations, seed, EVALUATION);
    }

    private RunPlan plan(String runId, int generations, long seed, String evaluation) {
        Map<String, String> trajectory = Map.of("seed", Long.toString(seed), "space", SPACE.fingerprint());
        return new RunPlan(runId, root.toString(), SPACE, GOAL, "nsga2", 6, generations, 500, seed, "formula-v1", evaluation,
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
        RunPlan plan = new RunPlan("crashy", other.toString(), SPACE, GOAL, "nsga2", 6, 4, 500, 7, "formula-v1", EVALUATION,
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
        RunPlan plan = new RunPlan("full", other.toString(), SPACE, GOAL, "nsga2", 6, 4, 500, 7, "formula-v1", EVALUATION,
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
    void incompleteFilesThatAKillLeftAreNeverReadAndTheRunResumesToTheUninterruptedTrials() throws Exception {
        List<TrialRecord> uninterrupted = run(plan("straight", 4, 7), evaluator::evaluate).trials();

        Path other = root.resolve("killed");
        RunPlan plan = new RunPlan("killed", other.toString(), SPACE, GOAL, "nsga2", 6, 4, 500, 7, "formula-v1", EVALUATION,
                Map.of("seed", "7"), "{}", "local[2]");
        ParquetTrialStore store = new ParquetTrialStore(new org.apache.hadoop.conf.Configuration(), other.toString(), SPACE,
                java.util.Set.of(Metrics.ACCURACY, Metrics.LOSS, Metrics.MACS, Metrics.PARAMS));
        AtomicInteger jobs = new AtomicInteger();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        assertThrows(IllegalStateException.class, () -> new SearchLoop(plan, store, strategy(7), (candidates, d) -> {
            if (jobs.incrementAndGet() == 3) {
                throw new IllegalStateException("driver lost");
            }
            return evaluator.evaluate(candidates, d);
        }, ESTIMATOR, out, Clock.systemUTC()).run());
        // What an earlier version left after a kill in the middle of its first catalog write (a 0-byte
        // pending file, no catalog file), and in the middle of a Pareto write (a cut pending file).
        Path runs = other.resolve("runs/run_id=killed");
        Files.delete(runs.resolve("run.parquet"));
        Files.deleteIfExists(runs.resolve(".run.parquet.crc"));
        Files.write(runs.resolve(".run.parquet.pending"), new byte[0]);
        Path pareto = other.resolve("pareto/run_id=killed");
        byte[] front = Files.readAllBytes(pareto.resolve("pareto.parquet"));
        Files.delete(pareto.resolve("pareto.parquet"));
        Files.deleteIfExists(pareto.resolve(".pareto.parquet.crc"));
        Files.write(pareto.resolve(".pareto.parquet.pending"), java.util.Arrays.copyOf(front, front.length / 2));

        List<TrialRecord> resumed = new SearchLoop(plan, store, strategy(7), evaluator::evaluate, ESTIMATOR, out,
                Clock.systemUTC()).run().trials();
        assertEquals(comparable(uninterrupted), comparable(resumed));
        assertEquals(comparable(uninterrupted), comparable(store.trials("killed")));
        assertEquals(RunStatus.FINISHED, store.run("killed").orElseThrow().status());
        assertEquals(24, store.run("killed").orElseThrow().trialsTotal());
        assertFalse(store.pareto("killed").isEmpty());
        assertFalse(Files.exists(runs.resolve(".run.parquet.pending")));
        assertFalse(Files.exists(pareto.resolve(".pareto.parquet.pending")));
    }

    @Test
    void everyWayARunFailsLeavesItFailedWithItsError() {
        // Spark's exceptions are checked ones thrown unchecked; an Error is no exception at all
        List<Throwable> failures = List.of(new org.apache.spark.SparkException("Job aborted due to stage failure: boom"),
                new java.io.IOException("Checksum error: /x/gen-00000.parquet"), new StackOverflowError("deep"));
        for (int i = 0; i < failures.size(); i++) {
            Throwable failure = failures.get(i);
            AtomicInteger jobs = new AtomicInteger();
            Throwable thrown = assertThrows(Throwable.class, () -> run(plan("f" + failure.getClass().getSimpleName(), 3, 1),
                    (candidates, d) -> {
                        if (jobs.incrementAndGet() == 2) {
                            throw SearchLoopTest.<RuntimeException>sneaky(failure);
                        }
                        return evaluator.evaluate(candidates, d);
                    }));
            assertEquals(failure, thrown);
            var row = store().run("f" + failure.getClass().getSimpleName()).orElseThrow();
            assertEquals(RunStatus.FAILED, row.status(), failure.toString());
            assertEquals(failure.toString(), row.message());
            assertEquals(1, row.generationsDone());
            assertNotNull(row.endedAt());
        }
    }

    @Test
    void aLiveRunRefreshesItsHeartbeatWhileAGenerationEvaluatesAndWithEveryCatalogWrite() {
        List<org.sparknas.store.RunRecord> rows = new java.util.concurrent.CopyOnWriteArrayList<>();
        TrialStore recording = new ForwardingTrialStore(store()) {
            @Override
            public void putRun(org.sparknas.store.RunRecord run) {
                super.putRun(run);
                rows.add(run);
            }
        };
        AtomicInteger jobs = new AtomicInteger();
        SearchLoop.GenerationEvaluator slowSecondGeneration = (candidates, d) -> {
            if (jobs.incrementAndGet() == 2) {
                // counts the first generation's rows, not rows since this job began: the writes the first generation
                // queued (its trials, front and row) may still be under way when the second one starts
                long deadline = System.nanoTime() + 60_000_000_000L;
                while (firstGenerationRows(rows) < 3 && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
            }
            return evaluator.evaluate(candidates, d);
        };
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        new SearchLoop(plan("beat", 3, 1), recording, strategy(1), slowSecondGeneration, ESTIMATOR, out, Clock.systemUTC(),
                java.time.Duration.ofMillis(50)).run();
        // the first generation's row, then heartbeats while generation 2 evaluated: the same row, only the heartbeat newer
        List<org.sparknas.store.RunRecord> beats = rows.stream().filter(SearchLoopTest::firstGenerationRow).toList();
        assertTrue(beats.size() >= 3, beats.toString());
        for (int i = 1; i < beats.size(); i++) {
            assertTrue(beats.get(i).heartbeatAt().isAfter(beats.get(i - 1).heartbeatAt()), beats.toString());
            assertEquals(beats.get(0).withHeartbeat(null), beats.get(i).withHeartbeat(null));
        }
        var last = store().run("beat").orElseThrow();
        assertEquals(RunStatus.FINISHED, last.status());
        assertFalse(last.heartbeatAt().isBefore(last.updatedAt()), "the final write refreshed the heartbeat");
    }

    private static boolean firstGenerationRow(org.sparknas.store.RunRecord row) {
        return row.generationsDone() == 1 && row.status() == RunStatus.RUNNING;
    }

    private static long firstGenerationRows(List<org.sparknas.store.RunRecord> rows) {
        return rows.stream().filter(SearchLoopTest::firstGenerationRow).count();
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E sneaky(Throwable e) throws E {
        throw (E) e;
    }

    @Test
    void aMissingOrShortGenerationOfAFinishedRunIsEvaluatedAgainToTheUninterruptedTrials() throws Exception {
        List<TrialRecord> uninterrupted = run(plan("straight", 4, 7), evaluator::evaluate).trials();
        for (boolean earlierVersionRow : List.of(false, true)) {
            Path other = root.resolve("damaged-" + earlierVersionRow);
            RunPlan plan = new RunPlan("damaged", other.toString(), SPACE, GOAL, "nsga2", 6, 4, 500, 7, "formula-v1", EVALUATION,
                    Map.of("seed", "7"), "{}", "local[2]");
            ParquetTrialStore store = new ParquetTrialStore(new org.apache.hadoop.conf.Configuration(), other.toString(), SPACE,
                    java.util.Set.of(Metrics.ACCURACY, Metrics.LOSS, Metrics.MACS, Metrics.PARAMS));
            PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
            List<TrialRecord> first = new SearchLoop(plan, store, strategy(7), evaluator::evaluate, ESTIMATOR, out,
                    Clock.systemUTC()).run().trials();
            assertEquals(List.of(6, 6, 6, 6), store.run("damaged").orElseThrow().generationTrials());
            Path trials = other.resolve("trials/run_id=damaged");
            Files.delete(trials.resolve("gen-00001.parquet"));
            Files.deleteIfExists(trials.resolve(".gen-00001.parquet.crc"));
            if (earlierVersionRow) {
                store.putRun(store.run("damaged").orElseThrow().withGenerationTrials(List.of()));
            } else {
                Files.delete(trials.resolve("gen-00002.parquet"));
                Files.deleteIfExists(trials.resolve(".gen-00002.parquet.crc"));
                store.appendGeneration("damaged", 2, first.subList(12, 15));
            }

            AtomicInteger evaluated = new AtomicInteger();
            SearchOutcome again = new SearchLoop(plan, store, strategy(7), (candidates, d) -> {
                evaluated.addAndGet(candidates.size());
                return evaluator.evaluate(candidates, d);
            }, ESTIMATOR, out, Clock.systemUTC()).run();
            assertFalse(again.alreadyFinished(), printed());
            assertTrue(printed().contains("generation 2 (trials/run_id=damaged/gen-00001.parquet) holds 0 trial(s) where the"
                    + " catalog recorded " + (earlierVersionRow ? "more" : "6")), printed());
            assertEquals(comparable(uninterrupted), comparable(again.trials()));
            assertEquals(comparable(uninterrupted), comparable(store.trials("damaged")));
            assertEquals(RunStatus.FINISHED, store.run("damaged").orElseThrow().status());
            assertEquals(List.of(6, 6, 6, 6), store.run("damaged").orElseThrow().generationTrials());
            if (!earlierVersionRow) {
                assertTrue(printed().contains("generation 3 (trials/run_id=damaged/gen-00002.parquet) holds 3 trial(s)"),
                        printed());
                try (Stream<Path> files = Files.list(trials)) {
                    assertEquals(1, files.filter(f -> f.getFileName().toString().startsWith(".gen-00002.parquet.set-aside-")
                            && !f.toString().endsWith(".crc")).count(), "the short file is kept");
                }
            }
            assertTrue(new SearchLoop(plan, store, strategy(7), evaluator::evaluate, ESTIMATOR, out, Clock.systemUTC())
                    .run().alreadyFinished());
        }
    }

    /**
     * A changed byte in a trial file without its checksum file (as on an object store) used to read
     * back as another accuracy and be replayed as stored. The file's own page checksums give it away:
     * the generation is set aside and evaluated again, to the uninterrupted run's trials.
     */
    @Test
    void aGenerationFileWithAChangedByteIsDetectedAndEvaluatedAgain() throws Exception {
        List<TrialRecord> uninterrupted = run(plan("straight", 4, 7), evaluator::evaluate).trials();
        Path other = root.resolve("flipped");
        RunPlan plan = new RunPlan("flipped", other.toString(), SPACE, GOAL, "nsga2", 6, 4, 500, 7, "formula-v1", EVALUATION,
                Map.of("seed", "7"), "{}", "local[2]");
        ParquetTrialStore store = new ParquetTrialStore(new Configuration(), other.toString(), SPACE,
                java.util.Set.of(Metrics.ACCURACY, Metrics.LOSS, Metrics.MACS, Metrics.PARAMS));
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        new SearchLoop(plan, store, strategy(7), evaluator::evaluate, ESTIMATOR, out, Clock.systemUTC()).run();
        Path trials = other.resolve("trials/run_id=flipped");
        org.sparknas.store.parquet.FlippedByte.inColumn(trials.resolve("gen-00001.parquet"), "accuracy");
        org.sparknas.store.DamagedFileException damage = assertThrows(org.sparknas.store.DamagedFileException.class,
                () -> store.trials("flipped"));
        assertEquals(java.util.OptionalInt.of(1), damage.generation());
        assertTrue(damage.getMessage().contains("gen-00001.parquet"), damage.getMessage());

        AtomicInteger evaluated = new AtomicInteger();
        SearchOutcome again = new SearchLoop(plan, store, strategy(7), (candidates, d) -> {
            evaluated.addAndGet(candidates.size());
            return evaluator.evaluate(candidates, d);
        }, ESTIMATOR, out, Clock.systemUTC()).run();
        assertTrue(printed().contains("run flipped: generation 2: ") && printed().contains("is damaged"), printed());
        assertEquals(6, evaluated.get(), "only the damaged generation is evaluated again");
        assertEquals(comparable(uninterrupted), comparable(again.trials()));
        assertEquals(comparable(uninterrupted), comparable(store.trials("flipped")));
        assertEquals(RunStatus.FINISHED, store.run("flipped").orElseThrow().status());
        try (Stream<Path> files = Files.list(trials)) {
            assertEquals(1, files.filter(f -> f.getFileName().toString().startsWith(".gen-00001.parquet.set-aside-")).count(),
                    "the damaged file is kept aside");
        }
    }

    @Test
    void resumingWithOtherSettingsIsRefusedNamingWhatDiffers() {
        run(plan("r", 1, 1), evaluator::evaluate);
        RunPlan otherSeed = new RunPlan("r", root.toString(), SPACE, GOAL, "nsga2", 6, 2, 500, 2, "formula-v1", EVALUATION,
                Map.of("seed", "2", "space", SPACE.fingerprint()), "{}", "local[2]");
        ConfigException e = assertThrows(ConfigException.class, () -> run(otherSeed, evaluator::evaluate));
        assertTrue(e.getMessage().contains("seed 1 -> 2"), e.getMessage());
        assertTrue(e.getMessage().contains("--run-id"), e.getMessage());
        // the same trajectory measured another way (here: another evaluator would; the digest does not cover it)
        ConfigException measured = assertThrows(ConfigException.class,
                () -> run(plan("r", 2, 1, evaluation(1000, 0)), evaluator::evaluate));
        assertTrue(measured.getMessage().contains("other settings (how trials are measured (evaluator, images, data split,"),
                measured.getMessage());
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
    void aCandidateThatThrowsAnErrorBecomesAFailedTrialAndTheJvmAndTheRunGoOn() {
        // an OutOfMemoryError in a task used to end the local JVM (Spark's handler: exit 52)
        try (PopulationEvaluator outOfMemory = new PopulationEvaluator(SparkTestSession.get(),
                factory("crash-first-attempt = true"))) {
            SearchOutcome outcome = run(plan("oom", 2, 3), outOfMemory::evaluate);
            assertEquals(12, outcome.trials().size());
            for (TrialRecord t : outcome.trials()) {
                assertEquals(TrialStatus.FAILED, t.trial().status());
                assertEquals("java.lang.OutOfMemoryError: simulated executor failure on the first attempt", t.trial().error());
            }
            assertEquals(RunStatus.FINISHED, store().run("oom").orElseThrow().status());
            assertEquals(12, store().run("oom").orElseThrow().trialsFailed());
        }
        assertEquals(6, evaluator.evaluate(List.of(new Candidate(0, SPACE.smallest(), 500, 1), new Candidate(1,
                SPACE.largest(), 500, 2), new Candidate(2, SPACE.smallest(), 500, 1), new Candidate(3, SPACE.largest(), 500, 2),
                new Candidate(4, SPACE.smallest(), 500, 1), new Candidate(5, SPACE.largest(), 500, 2)), "after").stream()
                .filter(o -> o.error() == null).count(), "the session evaluates on");
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

    /** Runs {@code plan} with a warm-start NSGA-II, counting the candidates it evaluates; returns the strategy. */
    private WarmNsga2 runWarm(RunPlan plan, AtomicInteger evaluated) {
        WarmNsga2 warm = new WarmNsga2(plan.seed());
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        new SearchLoop(plan, store(), warm, (candidates, d) -> {
            evaluated.addAndGet(candidates.size());
            return evaluator.evaluate(candidates, d);
        }, ESTIMATOR, out, Clock.systemUTC()).run();
        return warm;
    }

    /**
     * Trials measured another way (BatchNorm re-calibrated on 1,000 images instead of 2,000, or another
     * split seed) are neither reused nor told to a warm start: such a run proposes the same candidates
     * as the first (same seed) and measures every one itself. The same settings reuse them all.
     */
    @Test
    void aRunThatMeasuresOnOtherImagesEvaluatesEveryCandidateItselfAndLearnsNothingFromEarlierRuns() {
        List<String> first = run(plan("first", 2, 5), evaluator::evaluate).trials().stream().map(TrialRecord::archKey)
                .sorted().toList();
        assertEquals(12, first.size());
        for (Map.Entry<String, String> run : List.of(Map.entry("calibration-1000", evaluation(1000, 0)),
                Map.entry("split-seed-1", evaluation(2000, 1)))) {
            String runId = run.getKey();
            String other = run.getValue();
            assertNotEquals(EVALUATION, other);
            AtomicInteger evaluated = new AtomicInteger();
            WarmNsga2 warm = runWarm(plan(runId, 2, 5, other), evaluated);
            assertEquals(List.of(), warm.prior, "no earlier run measured this way");
            assertEquals(12, evaluated.get());
            List<TrialRecord> trials = store().trials(runId);
            assertEquals(first, trials.stream().map(TrialRecord::archKey).sorted().toList(), "the same candidates");
            trials.forEach(t -> assertNull(t.reusedFrom(), t.archKey()));
            assertEquals(0, store().run(runId).orElseThrow().trialsReused());
            assertEquals(other, store().run(runId).orElseThrow().evaluationFingerprint());
        }

        AtomicInteger evaluated = new AtomicInteger();
        WarmNsga2 same = runWarm(plan("same", 2, 5), evaluated);
        assertEquals(first, same.prior, "told the first run's trials, none of those measured otherwise");
        assertEquals(0, evaluated.get());
        store().trials("same").forEach(t -> assertEquals("first", t.reusedFrom()));
    }

    /**
     * A run stored before catalog rows recorded the evaluation fingerprint does not say how its trials
     * were measured: a new run measures them again, and the older run, resumed, still records none.
     */
    @Test
    void theTrialsOfARunStoredBeforeTheEvaluationFingerprintAreNotReused() throws Exception {
        run(plan("older", 2, 5), evaluator::evaluate);
        LegacyRunRows.writeWithoutEvaluationFingerprint(store().run("older").orElseThrow(), root);
        assertNull(store().run("older").orElseThrow().evaluationFingerprint());

        AtomicInteger evaluated = new AtomicInteger();
        WarmNsga2 newer = runWarm(plan("newer", 2, 5), evaluated);
        assertEquals(List.of(), newer.prior);
        assertEquals(12, evaluated.get());
        store().trials("newer").forEach(t -> assertNull(t.reusedFrom(), t.archKey()));

        run(plan("older", 3, 5), evaluator::evaluate);
        assertEquals(18, store().run("older").orElseThrow().trialsTotal());
        assertNull(store().run("older").orElseThrow().evaluationFingerprint());
    }

    /** Nsga2 that records what it was told before its first ask. */
    private static final class WarmNsga2 implements Strategy, Strategy.WarmStart {
        private final Strategy inner;
        final List<String> prior = new java.util.ArrayList<>();

        WarmNsga2(long seed) {
            inner = strategy(seed);
        }

        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public List<org.sparknas.space.Architecture> ask(int n) {
            return inner.ask(n);
        }

        @Override
        public void tell(List<org.sparknas.strategy.Trial> results) {
            inner.tell(results);
        }

        @Override
        public void warmStart(List<org.sparknas.strategy.Trial> trials) {
            trials.forEach(t -> prior.add(t.architecture().key()));
        }
    }

    @Test
    void aWarmStartStrategyLearnsFromEarlierRunsAndIsToldTheSameTrialsWhenItsRunResumes() {
        List<String> earlier = run(plan("first", 2, 5), evaluator::evaluate).trials().stream()
                .filter(t -> t.trial().isOk()).map(TrialRecord::archKey).sorted().distinct().toList();
        assertEquals(12, earlier.size());
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

        RunPlan second = plan("second", 3, 9);
        WarmNsga2 crashing = new WarmNsga2(9);
        AtomicInteger jobs = new AtomicInteger();
        assertThrows(IllegalStateException.class, () -> new SearchLoop(second, store(), crashing, (candidates, d) -> {
            if (jobs.incrementAndGet() == 2) {
                throw new IllegalStateException("driver lost");
            }
            return evaluator.evaluate(candidates, d);
        }, ESTIMATOR, out, Clock.systemUTC()).run());
        assertEquals(earlier, crashing.prior);
        assertTrue(printed().contains("warm start: the strategy learns from 12 trial(s) of earlier runs"), printed());

        // a run that stores new measurements after the second run started, and before it resumes
        run(plan("third", 2, 11), evaluator::evaluate);
        WarmNsga2 resumed = new WarmNsga2(9);
        new SearchLoop(second, store(), resumed, evaluator::evaluate, ESTIMATOR, out, Clock.systemUTC()).run();
        assertEquals(earlier, resumed.prior, "told the same trials as at the start: neither its own nor the third run's");
        assertEquals(RunStatus.FINISHED, store().run("second").orElseThrow().status());
    }

    @Test
    void aLongGenerationPrintsHowManyOfItsCandidatesAreDone() {
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        try (PopulationEvaluator slow = new PopulationEvaluator(SparkTestSession.get(), factory("sleep-ms = 300"),
                new PrintStream(lines, true, StandardCharsets.UTF_8), java.time.Duration.ofMillis(100))) {
            List<Candidate> candidates = new java.util.ArrayList<>();
            for (int i = 0; i < 6; i++) {
                candidates.add(new Candidate(i, i % 2 == 0 ? SPACE.smallest() : SPACE.largest(), 500, i));
            }
            assertEquals(6, slow.evaluate(candidates, "run x: generation 1/1, 6 candidates").size());
        }
        List<String> printed = lines.toString(StandardCharsets.UTF_8).lines().toList();
        assertFalse(printed.isEmpty(), "six candidates of 0.3 s on 2 slots take longer than one 0.1 s interval");
        java.util.regex.Pattern line = java.util.regex.Pattern.compile(
                "  run x: generation 1/1, 6 candidates: ([0-6])/6 candidates evaluated, \\d+ running, \\d+s");
        int last = 0;
        for (String l : printed) {
            var m = line.matcher(l);
            assertTrue(m.matches(), l);
            assertTrue(Integer.parseInt(m.group(1)) >= last, printed.toString());
            last = Integer.parseInt(m.group(1));
        }
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
