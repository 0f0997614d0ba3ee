package org.sparknas.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparknas.config.ConfigException;
import org.sparknas.config.StrictConfig;
import org.sparknas.eval.EvaluatorProvider;
import org.sparknas.latency.SpaceCostEstimator;
import org.sparknas.space.OfaSpace;
import org.sparknas.space.SearchSpaces;
import org.sparknas.spark.Candidate;
import org.sparknas.spark.PopulationEvaluator;
import org.sparknas.spark.SparkTestSession;
import org.sparknas.store.ParetoRecord;
import org.sparknas.store.RunStatus;
import org.sparknas.store.TrialRecord;
import org.sparknas.store.parquet.ParquetTrialStore;
import org.sparknas.strategy.CostEstimator;
import org.sparknas.strategy.Goal;
import org.sparknas.strategy.Metrics;
import org.sparknas.strategy.Objective;
import org.sparknas.strategy.Strategies;
import org.sparknas.strategy.Strategy;

/** A multi-fidelity search end to end: one Spark job per rung, every rung stored, fronts of full-fidelity trials, resume. */
class MultiFidelitySearchTest {

    private static final OfaSpace SPACE = (OfaSpace) SearchSpaces.load(Path.of("../conf/spaces/ofa-fmnist.conf"));
    private static final Goal GOAL = Goal.of(Objective.maximize(Metrics.ACCURACY), Objective.minimize(Metrics.MACS));
    private static final CostEstimator ESTIMATOR = SpaceCostEstimator.of(SPACE);
    private static final int FULL = 500;
    private static final String STRATEGY = "name = successive-halving, rungs = [100, 250], eta = 3, candidates = 9,"
            + " base = pareto-local-search";
    private static PopulationEvaluator evaluator;

    @TempDir
    Path root;

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    @BeforeAll
    static void broadcast() {
        var config = ConfigFactory.parseString("evaluator.settings { }")
                .withFallback(ConfigFactory.parseFile(Path.of("../conf/spaces/ofa-fmnist.conf").toFile())).resolve();
        EvaluatorProvider.Prepared p = new FormulaEvaluatorProvider().prepare(SPACE, config, null);
        evaluator = new PopulationEvaluator(SparkTestSession.get(), p.factory());
    }

    @AfterAll
    static void release() {
        evaluator.close();
    }

    private static Strategy strategy(String hocon, long seed) {
        return Strategies.create(new StrictConfig(ConfigFactory.parseString(hocon), "strategy"), SPACE, GOAL, ESTIMATOR, seed);
    }

    private RunPlan plan(Path output, String runId, String strategy, int generations, long seed) {
        return new RunPlan(runId, output.toString(), SPACE, GOAL, strategy, 6, generations, FULL, seed, "formula-v1",
                SearchLoopTest.EVALUATION, Map.of("seed", Long.toString(seed)), "{}", "local[2]");
    }

    private static ParquetTrialStore store(Path output) {
        return new ParquetTrialStore(new Configuration(), output.toString(), SPACE,
                Set.of(Metrics.ACCURACY, Metrics.LOSS, Metrics.MACS, Metrics.PARAMS));
    }

    private SearchOutcome run(RunPlan plan, String hocon, SearchLoop.GenerationEvaluator jobs) {
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        return new SearchLoop(plan, store(Path.of(plan.output())), strategy(hocon, plan.seed()), jobs, ESTIMATOR, out,
                Clock.systemUTC()).run();
    }

    @Test
    void eachRungIsOneJobEveryRungIsStoredWithItsFidelityAndTheFrontIsOfFullFidelityTrials() {
        List<List<Candidate>> jobs = new ArrayList<>();
        SearchOutcome outcome = run(plan(root, "sh", "successive-halving", 8, 3), STRATEGY, (candidates, d) -> {
            jobs.add(candidates);
            return evaluator.evaluate(candidates, d);
        });
        List<TrialRecord> trials = store(root).trials("sh");
        assertEquals(outcome.trials(), trials);
        assertEquals(48, trials.size());

        // one job per rung of a generation: one fidelity per job, lowest first
        for (List<Candidate> job : jobs) {
            assertEquals(1, job.stream().map(Candidate::fidelity).distinct().count(), job.toString());
        }
        assertTrue(jobs.size() > 8, "some generations hold several rungs: " + jobs.size() + " jobs in 8 generations");
        Map<Integer, Long> perFidelity = trials.stream().collect(Collectors.groupingBy(t -> t.trial().fidelity(),
                TreeMap::new, Collectors.counting()));
        assertEquals(Set.of(100, 250, FULL), perFidelity.keySet());
        assertEquals(perFidelity, jobs.stream().flatMap(List::stream).collect(Collectors.groupingBy(Candidate::fidelity,
                TreeMap::new, Collectors.counting())));
        // a candidate reaches a rung only after the one below it
        Set<String> measured = new HashSet<>();
        for (TrialRecord t : trials) {
            int f = t.trial().fidelity();
            if (f != 100) {
                assertTrue(measured.contains(t.archKey() + "@" + (f == 250 ? 100 : 250)), t.archKey() + "@" + f);
            }
            measured.add(t.archKey() + "@" + f);
        }

        // the pareto table holds full-fidelity trials only, and they are the front of those
        Map<Long, TrialRecord> byId = trials.stream().collect(Collectors.toMap(TrialRecord::trialId, t -> t));
        List<ParetoRecord> pareto = store(root).pareto("sh");
        assertFalse(pareto.isEmpty());
        assertTrue(pareto.stream().allMatch(p -> byId.get(p.trialId()).trial().fidelity() == FULL), pareto.toString());
        List<TrialRecord> full = trials.stream().filter(t -> t.trial().fidelity() == FULL).toList();
        assertEquals(new ParetoTable(GOAL).rows("sh", full), pareto);
        // (a front of every trial would hold candidates stopped at a low rung)
        assertTrue(new ParetoTable(GOAL).rows("sh", trials).stream()
                .anyMatch(p -> byId.get(p.trialId()).trial().fidelity() != FULL));
        assertEquals(RunStatus.FINISHED, store(root).run("sh").orElseThrow().status());
        // what reports and specialize read: the full-fidelity trials only
        var source = new org.sparknas.store.parquet.ParquetRunSource(new Configuration(), root.toString());
        assertEquals(full, source.load(store(root).run("sh").orElseThrow(), SPACE).trials());
        assertTrue(full.size() < trials.size());
        String out = printed.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("fidelity"), out);
    }

    @Test
    void aCrashedRunResumesToTheTrialsOfAnUninterruptedOne() {
        List<TrialRecord> uninterrupted = run(plan(root.resolve("a"), "straight", "successive-halving", 6, 7), STRATEGY,
                evaluator::evaluate).trials();

        AtomicInteger jobs = new AtomicInteger();
        SearchLoop.GenerationEvaluator crashesInTheFifthJob = (candidates, d) -> {
            if (jobs.incrementAndGet() == 5) {
                throw new IllegalStateException("driver lost");
            }
            return evaluator.evaluate(candidates, d);
        };
        RunPlan plan = plan(root.resolve("b"), "crashy", "successive-halving", 6, 7);
        assertThrows(IllegalStateException.class, () -> run(plan, STRATEGY, crashesInTheFifthJob));
        int stored = store(root.resolve("b")).trials("crashy").size();
        assertTrue(stored > 0 && stored < 36, "stored " + stored);

        List<TrialRecord> resumed = run(plan, STRATEGY, evaluator::evaluate).trials();
        assertEquals(comparable(uninterrupted), comparable(resumed));
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains("resuming: replaying"), printed.toString());
    }

    @Test
    void aLowRungMeasurementIsReusedOnlyAtItsOwnFidelity() {
        List<TrialRecord> first = run(plan(root, "first", "successive-halving", 4, 5), STRATEGY, evaluator::evaluate).trials();
        // the same strategy and seed in another run: everything is reused, each trial at its own fidelity
        List<List<Candidate>> jobs = new ArrayList<>();
        List<TrialRecord> again = run(plan(root, "again", "successive-halving", 4, 5), STRATEGY, (candidates, d) -> {
            jobs.add(candidates);
            return evaluator.evaluate(candidates, d);
        }).trials();
        assertEquals(0, jobs.stream().mapToInt(List::size).sum());
        assertEquals(comparable(first), comparable(again));
        assertTrue(again.stream().allMatch(t -> "first".equals(t.reusedFrom())));

        // a single-fidelity run over the same root reuses the full-fidelity measurements and no others
        Set<String> fullKeys = first.stream().filter(t -> t.trial().fidelity() == FULL).map(TrialRecord::archKey)
                .collect(Collectors.toSet());
        Set<String> lowOnly = first.stream().map(TrialRecord::archKey).filter(k -> !fullKeys.contains(k))
                .collect(Collectors.toSet());
        List<TrialRecord> single = run(plan(root, "single", "successive-halving", 4, 5), "name = pareto-local-search",
                evaluator::evaluate).trials();
        assertTrue(single.stream().allMatch(t -> t.trial().fidelity() == FULL));
        for (TrialRecord t : single) {
            assertEquals(fullKeys.contains(t.archKey()), t.reusedFrom() != null, t.archKey());
        }
        assertTrue(single.stream().anyMatch(t -> lowOnly.contains(t.archKey())),
                "the single run asks some architecture the first measured only at a low rung");
    }

    @Test
    void rungsAtOrAboveTheFullFidelityAreRefusedBeforeAnyJob() {
        Path search = Path.of("../conf/search.conf");
        ConfigException e = assertThrows(ConfigException.class, () -> SearchSettings.load(search,
                Map.of("strategy.name", "successive-halving", "strategy.rungs", "[250, 6000]")));
        assertTrue(e.getMessage().contains("'strategy.rungs'") && e.getMessage().contains("rung 6000 exceeds the 5000 validation images")
                && e.getMessage().contains("search.fidelity = 2000") && e.getMessage().contains("data.validation-size"),
                e.getMessage());
        e = assertThrows(ConfigException.class, () -> SearchSettings.load(search,
                Map.of("strategy.name", "hyperband", "search.fidelity", "400")));
        assertTrue(e.getMessage().contains("'strategy.rungs'") && e.getMessage().contains("is [500], but rung 500 is not"
                + " below search.fidelity = 400"), e.getMessage());
        assertEquals(List.of(250, 1000), ((Strategy.MultiFidelity) strategy("name = hyperband, rungs = [250, 1000]", 1))
                .lowRungs());
        SearchSettings fine = SearchSettings.load(search, Map.of("strategy.name", "hyperband", "strategy.rungs", "[250, 1000]"));
        assertEquals("hyperband", fine.strategy());
    }

    static List<String> comparable(List<TrialRecord> trials) {
        return trials.stream().map(t -> t.trialId() + " " + t.generation() + " " + t.archKey() + "@" + t.trial().fidelity()
                + " " + t.trial().status() + " " + new TreeMap<>(t.trial().metrics())).toList();
    }
}
