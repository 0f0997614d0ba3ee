package org.sparknas.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sparknas.config.ConfigException;
import org.sparknas.space.Architecture;
import org.sparknas.space.CategoricalSpace;

/**
 * Successive halving and Hyperband: bracket sizes, who is promoted, determinism, constraints, failures;
 * the median rule; determinism and resuming of every multi-fidelity strategy (ASHA has its own AshaTest).
 */
class FidelityScheduleTest {

    private static final CategoricalSpace SPACE = Toy.space(6, 4);

    /** One ask at rungs and its told trials. */
    record Step(List<RungCandidate> asked, List<Trial> told) {
    }

    /**
     * A low rung measures accuracy with an error that depends on the architecture (the full rung is
     * exact), so the low rungs rank candidates differently from the full one, as real ones do.
     */
    static Trial measure(RungCandidate c, int fullRung) {
        Map<String, Double> m = new HashMap<>(Toy.metrics(c.architecture()));
        if (c.rung() < fullRung) {
            int[] g = c.architecture().genes();
            double error = ((g[2] * 7 + g[g.length - 2] * 3 + g[g.length - 1]) % 5) * 0.4 / (c.rung() + 1);
            m.put("accuracy", m.get("accuracy") - error);
        }
        return Trial.ok(c.architecture(), 10 * (c.rung() + 1), m);
    }

    static List<Step> run(Strategy.MultiFidelity s, int queries, int batch, BiFunction<RungCandidate, Integer, Trial> eval) {
        List<Step> steps = new ArrayList<>();
        int asked = 0;
        int full = s.lowRungs().size();
        while (asked < queries) {
            List<RungCandidate> candidates = s.askAtRungs(Math.min(batch, queries - asked));
            if (candidates.isEmpty()) {
                break;
            }
            List<Trial> told = candidates.stream().map(c -> eval.apply(c, full)).toList();
            ((Strategy) s).tell(told);
            steps.add(new Step(candidates, told));
            asked += candidates.size();
        }
        return steps;
    }

    static Strategy.MultiFidelity create(String hocon, Goal goal, CostEstimator estimator, long seed) {
        return assertInstanceOf(Strategy.MultiFidelity.class, Toy.create(hocon, SPACE, goal, estimator, seed));
    }

    static List<RungCandidate> asked(List<Step> steps) {
        return steps.stream().flatMap(s -> s.asked().stream()).toList();
    }

    @Test
    void aBracketPromotesTheBestThirdByRankAndCrowding() {
        Strategy.MultiFidelity sh = create("name = successive-halving, rungs = [10, 20], eta = 3, candidates = 9",
                Toy.GOAL, CostEstimator.none(), 1);
        List<Step> steps = run(sh, 13, 13, FidelityScheduleTest::measure);
        // 9 new at rung 0, then (a new bracket filling the batch) 4 more new at rung 0
        List<RungCandidate> first = steps.get(0).asked();
        assertEquals(13, first.size());
        assertTrue(first.stream().allMatch(c -> c.rung() == 0));
        assertEquals(13, first.stream().map(RungCandidate::architecture).distinct().count());

        List<RungCandidate> second = sh.askAtRungs(13);
        // the first bracket's 3 promotions come first, then the second bracket's 5 missing new ones, then a third bracket
        List<RungCandidate> promoted = second.subList(0, 3);
        assertTrue(promoted.stream().allMatch(c -> c.rung() == 1));
        Scoring scoring = new Scoring(Toy.GOAL, CostEstimator.none());
        List<Scored> bracket = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            bracket.add(scoring.score(steps.get(0).told().get(i), i));
        }
        List<Architecture> expected = ConstrainedRanking.best(bracket, 3).stream().map(Scored::architecture).toList();
        assertEquals(expected, promoted.stream().map(RungCandidate::architecture).toList());
        assertTrue(second.subList(3, 13).stream().allMatch(c -> c.rung() == 0));
        // promotions are among the bracket's own candidates; new ones are new
        Set<Architecture> seen = new HashSet<>(first.stream().map(RungCandidate::architecture).toList());
        assertTrue(second.subList(3, 13).stream().noneMatch(c -> seen.contains(c.architecture())));
    }

    @Test
    void withOneObjectiveTheFittestArePromotedAndEtaSetsEveryRungsSize() {
        Goal accuracyOnly = Goal.of(Objective.maximize("accuracy"));
        Strategy.MultiFidelity sh = create("name = successive-halving, rungs = [10, 20], eta = 2, candidates = 8",
                accuracyOnly, CostEstimator.none(), 4);
        // asked one rung at a time (batch = what the rung holds), so each step is one rung of the first bracket
        List<Step> steps = new ArrayList<>();
        for (int size : new int[] {8, 4, 2}) {
            List<RungCandidate> asked = sh.askAtRungs(size);
            List<Trial> told = asked.stream().map(c -> measure(c, 2)).toList();
            ((Strategy) sh).tell(told);
            steps.add(new Step(asked, told));
        }
        for (int r = 0; r < 3; r++) {
            int rung = r;
            assertTrue(steps.get(r).asked().stream().allMatch(c -> c.rung() == rung), "step " + r + " is rung " + r);
        }
        for (int r = 0; r < 2; r++) {
            List<Architecture> best = steps.get(r).told().stream()
                    .sorted(Comparator.comparingDouble((Trial t) -> -t.metric("accuracy")))
                    .limit(steps.get(r + 1).asked().size()).map(Trial::architecture).toList();
            assertEquals(best, steps.get(r + 1).asked().stream().map(RungCandidate::architecture).toList());
        }
        // the bracket is done at the full rung: the next ask starts a new bracket at rung 0
        assertTrue(sh.askAtRungs(3).stream().allMatch(c -> c.rung() == 0));
    }

    @Test
    void hyperbandStartsBracketsAtEachRungInTurnWithScaledSizes() {
        Strategy.MultiFidelity hb = create("name = hyperband, rungs = [10, 20], eta = 3, candidates = 27",
                Toy.GOAL, CostEstimator.none(), 2);
        List<RungCandidate> asked = hb.askAtRungs(27 + 14 + 9 + 5);
        int[] perRung = new int[3];
        asked.forEach(c -> perRung[c.rung()]++);
        // 27 at rung 0; ceil(27 * 3 / (2 * 3)) = 14 at rung 1; 27 * 3 / (1 * 9) = 9 at rung 2; then the next cycle's 5 at rung 0
        assertEquals(List.of(27 + 5, 14, 9), List.of(perRung[0], perRung[1], perRung[2]));
        assertEquals(List.of(0, 1, 2, 0), List.of(asked.get(0).rung(), asked.get(27).rung(), asked.get(41).rung(),
                asked.get(50).rung()));
        assertEquals(55, asked.stream().map(RungCandidate::architecture).distinct().count());
    }

    @Test
    void theMedianRuleStopsWhatMoreThanHalfOfItsRungBeats() {
        Goal accuracyOnly = Goal.of(Objective.maximize("accuracy"));
        Strategy.MultiFidelity median = create("name = median-stopping, rungs = [10]", accuracyOnly, CostEstimator.none(), 2);
        List<RungCandidate> first = median.askAtRungs(5);
        assertTrue(first.stream().allMatch(c -> c.rung() == 0));
        List<Trial> told = first.stream().map(c -> measure(c, 1)).toList();
        ((Strategy) median).tell(told);
        // of 5, the 2 that 3 or more beat are stopped; the best 3 go on, in the order asked
        List<Double> sorted = told.stream().map(t -> t.metric("accuracy")).sorted(Comparator.reverseOrder()).toList();
        List<Architecture> expected = told.stream().filter(t -> t.metric("accuracy") >= sorted.get(2))
                .map(Trial::architecture).toList();
        assertEquals(3, expected.size());
        List<RungCandidate> second = median.askAtRungs(6);
        assertEquals(expected, second.subList(0, 3).stream().map(RungCandidate::architecture).toList());
        assertTrue(second.subList(0, 3).stream().allMatch(c -> c.rung() == 1));
        assertTrue(second.subList(3, 6).stream().allMatch(c -> c.rung() == 0 && !expected.contains(c.architecture())));
        ((Strategy) median).tell(second.stream().map(c -> measure(c, 1)).toList());

        // two objectives: stopped exactly when its non-dominated rank is above the median rank of its rung
        Strategy.MultiFidelity pareto = create("name = median-stopping, rungs = [10]", Toy.GOAL, CostEstimator.none(), 2);
        List<RungCandidate> batch = pareto.askAtRungs(9);
        List<Trial> results = batch.stream().map(c -> measure(c, 1)).toList();
        ((Strategy) pareto).tell(results);
        Scoring scoring = new Scoring(Toy.GOAL, CostEstimator.none());
        List<Scored> scored = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            scored.add(scoring.score(results.get(i), i));
        }
        int[] ranks = ConstrainedRanking.rank(scored).rank();
        int medianRank = java.util.Arrays.stream(ranks).sorted().toArray()[4];
        List<Architecture> survivors = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            if (ranks[i] <= medianRank) {
                survivors.add(scored.get(i).architecture());
            }
        }
        assertTrue(survivors.size() < 9, "some are stopped: " + survivors.size());
        assertEquals(survivors, pareto.askAtRungs(9).stream().filter(c -> c.rung() == 1).map(RungCandidate::architecture)
                .toList());
    }

    @ParameterizedTest
    @CsvSource({"successive-halving", "hyperband", "asha", "median-stopping"})
    void deterministicAndReplayableAndNeverTwiceAtOneRung(String name) {
        boolean brackets = name.equals("successive-halving") || name.equals("hyperband");
        String hocon = "name = " + name + ", rungs = [10, 20], base = pareto-local-search"
                + (brackets ? ", candidates = 9" : "");
        List<Step> a = run(create(hocon, Toy.GOAL, CostEstimator.none(), 7), 200, 7, FidelityScheduleTest::measure);
        List<Step> b = run(create(hocon, Toy.GOAL, CostEstimator.none(), 7), 200, 7, FidelityScheduleTest::measure);
        assertEquals(asked(a), asked(b));
        assertFalse(asked(a).equals(asked(run(create(hocon, Toy.GOAL, CostEstimator.none(), 8), 200, 7,
                FidelityScheduleTest::measure))));
        assertEquals(200, asked(a).size());
        assertEquals(200, new HashSet<>(asked(a)).size(), "no architecture twice at one rung");
        // every candidate above the lowest rung was measured at the rung below it first
        Set<RungCandidate> before = new HashSet<>();
        for (RungCandidate c : asked(a)) {
            assertTrue(c.rung() == 0 || name.equals("hyperband") || before.contains(new RungCandidate(c.architecture(),
                    c.rung() - 1)), c.toString());
            before.add(c);
        }

        // a resumed run: a fresh strategy told the stored trials asks the same, then goes on identically
        Strategy.MultiFidelity original = create(hocon, Toy.GOAL, CostEstimator.none(), 11);
        List<Step> stored = run(original, 60, 7, FidelityScheduleTest::measure);
        Strategy.MultiFidelity resumed = create(hocon, Toy.GOAL, CostEstimator.none(), 11);
        for (Step step : stored) {
            assertEquals(step.asked(), resumed.askAtRungs(step.asked().size()));
            ((Strategy) resumed).tell(step.told());
        }
        assertEquals(asked(run(original, 50, 7, FidelityScheduleTest::measure)),
                asked(run(resumed, 50, 7, FidelityScheduleTest::measure)));
    }

    @Test
    void meetsConstraintsTheEstimatorChecks() {
        Goal constrained = Toy.GOAL.withConstraints(List.of(Constraint.atMost("cost", 8)));
        List<RungCandidate> asked = asked(run(create("name = hyperband, rungs = [10], candidates = 9, base = nsga2",
                constrained, Toy.COST, 3), 150, 16, FidelityScheduleTest::measure));
        assertEquals(150, asked.size());
        assertTrue(asked.stream().allMatch(c -> Toy.metrics(c.architecture()).get("cost") <= 8));
    }

    @Test
    void failedTrialsAreNeverPromotedAndABracketOfFailuresCloses() {
        Strategy.MultiFidelity sh = create("name = successive-halving, rungs = [10], eta = 3, candidates = 6",
                Toy.GOAL, CostEstimator.none(), 5);
        List<RungCandidate> first = sh.askAtRungs(6);
        // the three best by the full metrics fail at rung 0
        Set<Architecture> failing = new HashSet<>(first.stream().map(RungCandidate::architecture)
                .sorted(Comparator.comparingDouble(a -> -Toy.metrics(a).get("accuracy"))).limit(3).toList());
        ((Strategy) sh).tell(first.stream().map(c -> failing.contains(c.architecture())
                ? Trial.failed(c.architecture(), 10, "out of memory") : measure(c, 1)).toList());
        List<RungCandidate> second = sh.askAtRungs(2);
        assertEquals(1, second.get(0).rung());
        assertEquals(2, second.stream().filter(c -> c.rung() == 1).count(), "6 / eta = 2 promoted among the 3 that succeeded");
        assertTrue(second.stream().noneMatch(c -> failing.contains(c.architecture())));
        ((Strategy) sh).tell(second.stream().map(c -> measure(c, 1)).toList());

        Strategy.MultiFidelity allFail = create("name = successive-halving, rungs = [10], eta = 3, candidates = 3",
                Toy.GOAL, CostEstimator.none(), 5);
        List<RungCandidate> doomed = allFail.askAtRungs(3);
        ((Strategy) allFail).tell(doomed.stream().map(c -> Trial.failed(c.architecture(), 10, "crash")).toList());
        assertTrue(allFail.askAtRungs(3).stream().allMatch(c -> c.rung() == 0), "nothing to promote: a new bracket");
    }

    @Test
    void stopsWhenTheSpaceIsExhaustedAndRefusesThePlainAsk() {
        CategoricalSpace tiny = Toy.space(3, 3);
        Strategy.MultiFidelity sh = assertInstanceOf(Strategy.MultiFidelity.class,
                Toy.create("name = successive-halving, rungs = [10], candidates = 9", tiny, Toy.GOAL, CostEstimator.none(), 1));
        List<RungCandidate> all = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            List<RungCandidate> asked = sh.askAtRungs(8);
            if (asked.isEmpty()) {
                break;
            }
            ((Strategy) sh).tell(asked.stream().map(c -> measure(c, 1)).toList());
            all.addAll(asked);
        }
        assertEquals(27, all.stream().filter(c -> c.rung() == 0).count());
        assertEquals(9, all.stream().filter(c -> c.rung() == 1).count(), "each bracket of 9 promotes 3");
        assertThrows(UnsupportedOperationException.class, () -> ((Strategy) sh).ask(1));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "name = successive-halving, rungs = [500, 250] | 'strategy.rungs'",
        "name = successive-halving, rungs = [] | a non-empty, increasing list of positive numbers",
        "name = hyperband, rungs = [0, 10] | 'strategy.rungs'",
        "name = hyperband, eta = 1 | 'strategy.eta'",
        "name = successive-halving, candidates = 0 | 'strategy.candidates'",
        "name = successive-halving, base = hyperband | 'strategy.base'",
        "name = median-stopping, base = successive-halving | 'strategy.base'",
        "name = median-stopping, rungs = [20, 20] | 'strategy.rungs'",
        "name = successive-halving, base = bayes | use a built-in strategy that measures at one fidelity: random, grid",
    })
    void refusesBadSettingsByKey(String hocon, String expected) {
        String message = assertThrows(ConfigException.class,
                () -> Toy.create(hocon, SPACE, Toy.GOAL, CostEstimator.none(), 1)).getMessage();
        assertTrue(message.contains(expected.trim()), message);
    }
}
