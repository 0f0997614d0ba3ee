package org.sparknas.strategy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sparknas.config.ConfigException;
import org.sparknas.space.Architecture;
import org.sparknas.space.CategoricalSpace;

/** The REINFORCE controller on the toy problem: it learns the rewarded choices, replays, and refuses bad settings. */
class ReinforceSearchTest {

    private static final CategoricalSpace SPACE = Toy.space(6, 5);
    private static final Goal ACCURACY = Goal.of(Objective.maximize("accuracy"));
    /** The MnasNet reward on the toy: accuracy, penalised by a latency of 1 + cost against a target of 6. */
    private static final Goal MNAS = new Goal(List.of(), List.of(),
            Optional.of(new MnasReward("accuracy", "latency", 6, -0.5)));

    private static Trial withLatency(Architecture a) {
        Map<String, Double> m = new HashMap<>(Toy.metrics(a));
        m.put("latency", 1 + m.get("cost"));
        return Trial.ok(a, 100, m);
    }

    private static double mnas(Architecture a) {
        return MNAS.fitness(withLatency(a));
    }

    private static ReinforceSearch create(String hocon, Goal goal, long seed) {
        return (ReinforceSearch) Toy.create("name = reinforce" + hocon, SPACE, goal, CostEstimator.none(), seed);
    }

    @Test
    void sameSeedAndToldResultsGiveTheSameCandidatesInBatches() {
        Function<Long, List<Architecture>> run = seed -> Toy.asked(Toy.run(create("", MNAS, seed), 120, 16,
                ReinforceSearchTest::withLatency));
        List<Architecture> a = run.apply(3L);
        assertEquals(120, a.size());
        assertEquals(120, new HashSet<>(a).size(), "no architecture twice");
        assertEquals(a, run.apply(3L));
        assertNotEquals(a, run.apply(4L));
    }

    @Test
    void neverProposesAnArchitectureTwiceEvenWhenThePolicyHasCollapsed() {
        // A large step and no entropy bonus: the policy concentrates within a few dozen trials,
        // after which most draws are known and are redrawn at a higher temperature.
        ReinforceSearch s = create(", learning-rate = 5, entropy = 0", ACCURACY, 1);
        List<Architecture> asked = Toy.asked(Toy.run(s, 600, 7, Toy::evaluate));
        assertEquals(600, asked.size());
        assertEquals(600, new HashSet<>(asked).size());
        assertTrue(s.probabilities(0, new double[] {1})[4] > 0.9, "collapsed: " + s.probabilities(0, new double[] {1})[4]);
    }

    @Test
    void thePolicyConcentratesOnTheBestChoiceOfEveryDimension() {
        // A gentler step and a larger entropy bonus than the defaults (which are tuned for 100 queries)
        // let the weakly rewarded dimensions find their best choice instead of settling on the second best.
        ReinforceSearch s = create(", learning-rate = 0.5, entropy = 0.2", ACCURACY, 2);
        for (int d = 0; d < 6; d++) {
            assertArrayEquals(new double[] {0.2, 0.2, 0.2, 0.2, 0.2}, s.probabilities(d, new double[] {1}), 1e-12);
        }
        Toy.run(s, 150, 1, Toy::evaluate);
        // Toy accuracy grows with every gene, so the largest choice (index 4) is best in each dimension.
        for (int d = 0; d < 6; d++) {
            double[] p = s.probabilities(d, new double[] {1});
            assertTrue(p[4] > 0.5, "dimension " + d + ": " + java.util.Arrays.toString(p));
        }
    }

    @Test
    void withTwoObjectivesEachWeightCornerPrefersItsEndOfTheFront() {
        ReinforceSearch s = create("", Toy.GOAL, 5);
        Toy.run(s, 200, 1, Toy::evaluate);
        // Weight on accuracy alone wants large genes; weight on cost alone wants small ones.
        for (int d = 0; d < 6; d++) {
            double accuracy = expectedChoice(s.probabilities(d, new double[] {1, 0}));
            double cost = expectedChoice(s.probabilities(d, new double[] {0, 1}));
            assertTrue(accuracy > cost + 1.5, "dimension " + d + ": mean choice " + accuracy + " vs " + cost);
        }
    }

    private static double expectedChoice(double[] p) {
        double e = 0;
        for (int c = 0; c < p.length; c++) {
            e += c * p[c];
        }
        return e;
    }

    @Test
    void beatsRandomSearchOnTheToyFrontAndOnTheMnasReward() {
        double reinforce = 0;
        double random = 0;
        double reinforceMnas = 0;
        double randomMnas = 0;
        for (long seed = 0; seed < 5; seed++) {
            reinforce += Search.hypervolumeFraction(Toy.asked(Toy.run(create("", Toy.GOAL, seed), 150, 1, Toy::evaluate)), SPACE);
            random += Search.hypervolumeFraction(Toy.asked(Toy.run(Toy.create("random", SPACE, seed), 150, 1, Toy::evaluate)), SPACE);
            reinforceMnas += Toy.asked(Toy.run(create("", MNAS, seed), 150, 1, ReinforceSearchTest::withLatency)).stream()
                    .mapToDouble(ReinforceSearchTest::mnas).max().orElseThrow();
            randomMnas += Toy.asked(Toy.run(Toy.create("name = random", SPACE, MNAS, CostEstimator.none(), seed), 150, 1,
                    ReinforceSearchTest::withLatency)).stream().mapToDouble(ReinforceSearchTest::mnas).max().orElseThrow();
        }
        assertTrue(reinforce / 5 > random / 5 + 0.02, "HV " + reinforce / 5 + " vs random " + random / 5);
        assertTrue(reinforceMnas > randomMnas, "best MnasNet reward " + reinforceMnas / 5 + " vs random " + randomMnas / 5);
    }

    @Test
    void theMnasRewardDrivesThePolicyTowardsItsOptimum() {
        Architecture best = SPACE.grid(List.of(0, 1, 2, 3, 4, 5), SPACE.smallest())
                .max(java.util.Comparator.comparingDouble(ReinforceSearchTest::mnas)).orElseThrow();
        List<Architecture> asked = Toy.asked(Toy.run(create("", MNAS, 7), 300, 4, ReinforceSearchTest::withLatency));
        double first = asked.subList(0, 50).stream().mapToDouble(ReinforceSearchTest::mnas).average().orElseThrow();
        double last = asked.subList(250, 300).stream().mapToDouble(ReinforceSearchTest::mnas).average().orElseThrow();
        // The first 50 are nearly uniform draws; a steady climb towards the optimum, not a jump to it.
        assertTrue(last > first + 1.0, "mean reward " + first + " -> " + last + ", best " + mnas(best));
    }

    @Test
    void infeasibleTrialsArePenalisedSoTheConstraintIsLearnt() {
        // The estimator does not know the cost, so the constraint is only seen after evaluation.
        Goal goal = ACCURACY.withConstraints(List.of(Constraint.atMost("cost", 8)));
        List<Architecture> asked = Toy.asked(Toy.run(create("", goal, 3), 300, 1, Toy::evaluate));
        long feasibleFirst = asked.subList(0, 100).stream().filter(a -> Toy.metrics(a).get("cost") <= 8).count();
        long feasibleLast = asked.subList(200, 300).stream().filter(a -> Toy.metrics(a).get("cost") <= 8).count();
        long feasibleRandom = Toy.asked(Toy.run(Toy.create("name = random", SPACE, goal, CostEstimator.none(), 3), 100, 1,
                Toy::evaluate)).stream().filter(a -> Toy.metrics(a).get("cost") <= 8).count();
        assertTrue(feasibleLast > 2 * feasibleRandom, feasibleLast + " feasible of the last 100 vs " + feasibleRandom
                + " of 100 random");
    }

    @Test
    void failedTrialsDoNotMoveThePolicy() {
        ReinforceSearch s = create("", Toy.GOAL, 4);
        Toy.run(s, 50, 5, a -> Trial.failed(a, 100, "out of memory"));
        for (int d = 0; d < 6; d++) {
            assertArrayEquals(new double[] {0.2, 0.2, 0.2, 0.2, 0.2}, s.probabilities(d, new double[] {0.3, 0.7}), 1e-12);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "learning-rate = 0 | 'strategy.learning-rate'",
        "learning-rate = -1 | must be positive, got -1",
        "baseline-decay = 1 | 'strategy.baseline-decay'",
        "baseline-decay = 1 | must be in [0, 1), got 1",
        "entropy = -0.1 | 'strategy.entropy'",
        "max-tries = 0 | 'strategy.max-tries'",
        "population = 10 | unknown key 'strategy.population'",
    })
    void refusesBadSettingsNamingTheKey(String hocon, String expected) {
        String message = assertThrows(ConfigException.class, () -> create(", " + hocon, Toy.GOAL, 1)).getMessage();
        assertTrue(message.contains(expected.trim()), message);
    }
}
