package org.sparknas.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.sparknas.config.ConfigException;
import org.sparknas.space.Architecture;
import org.sparknas.space.CategoricalSpace;

/** The Bayesian-optimisation strategy and its Gaussian process. */
class BayesianSearchTest {

    private static final CategoricalSpace SPACE = Toy.space(6, 5);

    private static Strategy bayesian(String settings, Goal goal, CostEstimator estimator, long seed) {
        return Toy.create("name = bayesian" + settings, SPACE, goal, estimator, seed);
    }

    @Test
    void sameSeedAndResultsGiveTheSameBatchesAndAResumeReplaysThem() {
        List<Toy.Step> first = Toy.run(bayesian("", Toy.GOAL, CostEstimator.none(), 3), 96, 16, Toy::evaluate);
        List<Architecture> again = Toy.asked(Toy.run(bayesian("", Toy.GOAL, CostEstimator.none(), 3), 96, 16, Toy::evaluate));
        assertEquals(Toy.asked(first), again);
        assertNotEquals(Toy.asked(first),
                Toy.asked(Toy.run(bayesian("", Toy.GOAL, CostEstimator.none(), 4), 96, 16, Toy::evaluate)));

        Strategy resumed = bayesian("", Toy.GOAL, CostEstimator.none(), 3);
        Strategy original = bayesian("", Toy.GOAL, CostEstimator.none(), 3);
        for (Toy.Step step : first) {
            assertEquals(step.asked(), resumed.ask(step.asked().size()));
            resumed.tell(step.told());
            original.ask(step.asked().size());
            original.tell(step.told());
        }
        assertEquals(Toy.asked(Toy.run(original, 48, 16, Toy::evaluate)), Toy.asked(Toy.run(resumed, 48, 16, Toy::evaluate)));
    }

    @Test
    void aBatchIsNDistinctNewCandidatesSpreadOverTheFront() {
        Strategy strategy = bayesian(", initial = 20", Toy.GOAL, CostEstimator.none(), 5);
        List<Architecture> seen = new ArrayList<>(Toy.asked(Toy.run(strategy, 40, 20, Toy::evaluate)));
        List<Architecture> batch = strategy.ask(16);
        assertEquals(16, batch.size());
        assertEquals(16, new HashSet<>(batch).size());
        assertTrue(batch.stream().noneMatch(seen::contains), "no candidate of the batch was asked before");
        // Different weights per slot: the batch reaches from cheap to accurate, not one corner.
        double[] cost = batch.stream().mapToDouble(a -> Toy.metrics(a).get("cost")).sorted().toArray();
        assertTrue(cost[15] - cost[0] >= 6, "costs of the batch range from " + cost[0] + " to " + cost[15]);
    }

    @Test
    void beatsRandomSearchOnTheToyFrontAtBatchOneAndSixteen() {
        for (int batch : new int[] {1, 16}) {
            double bayes = 0;
            double random = 0;
            for (long seed = 0; seed < 4; seed++) {
                bayes += Search.hypervolumeFraction(Toy.asked(Toy.run(bayesian("", Toy.GOAL, CostEstimator.none(), seed),
                        96, batch, Toy::evaluate)), SPACE);
                random += Search.hypervolumeFraction(Toy.asked(Toy.run(Toy.create("random", SPACE, seed), 96, batch,
                        Toy::evaluate)), SPACE);
            }
            assertTrue(bayes / 4 > random / 4 + 0.03, "batch " + batch + ": bayesian " + bayes / 4 + " vs random " + random / 4);
        }
    }

    @Test
    void takesAnObjectiveTheEstimatorKnowsExactlyAndMeetsItsConstraint() {
        Goal goal = Toy.GOAL.withConstraints(List.of(Constraint.atMost("cost", 12)));
        List<Architecture> asked = Toy.asked(Toy.run(bayesian("", goal, Toy.COST, 2), 100, 8, Toy::evaluate));
        assertEquals(100, new HashSet<>(asked).size());
        assertTrue(asked.stream().allMatch(a -> Toy.metrics(a).get("cost") <= 12), "every candidate meets cost <= 12");
    }

    @Test
    void learnsAConstraintCheckedOnlyAfterEvaluation() {
        // Nothing is known before evaluation: the strategy has to learn where cost <= 8 holds.
        Goal goal = Toy.GOAL.withConstraints(List.of(Constraint.atMost("cost", 8)));
        int bayes = 0;
        int random = 0;
        for (long seed = 0; seed < 3; seed++) {
            bayes += feasibleAfter(Toy.create("name = bayesian", SPACE, goal, CostEstimator.none(), seed), 20);
            random += feasibleAfter(Toy.create("name = random", SPACE, goal, CostEstimator.none(), seed), 20);
        }
        // Of the 3 x 60 candidates after the first 20, random's share is the space's (about a third).
        assertTrue(bayes > 2 * random, "feasible candidates: bayesian " + bayes + ", random " + random);
    }

    private static int feasibleAfter(Strategy strategy, int skip) {
        List<Architecture> asked = Toy.asked(Toy.run(strategy, skip + 60, 4, Toy::evaluate));
        return (int) asked.subList(skip, asked.size()).stream().filter(a -> Toy.metrics(a).get("cost") <= 8).count();
    }

    @Test
    void failedTrialsAreNotLearnedFrom() {
        // Every expensive candidate fails; the strategy still proposes, and only new ones.
        List<Architecture> asked = Toy.asked(Toy.run(bayesian("", Toy.GOAL, CostEstimator.none(), 6), 80, 5,
                a -> Toy.metrics(a).get("cost") > 12 ? Trial.failed(a, 100, "out of memory") : Toy.evaluate(a)));
        assertEquals(80, new HashSet<>(asked).size());
    }

    @Test
    void badSettingsAreRefusedWithTheirKey() {
        for (String[] bad : new String[][] {{"pool = 0", "'strategy.pool'"}, {"training = 1", "'strategy.training'"},
                {"initial = -2", "'strategy.initial'"}, {"samples = 0", "'strategy.samples'"}, {"pol = 3", "unknown key"}}) {
            String message = assertThrows(ConfigException.class,
                    () -> bayesian(", " + bad[0], Toy.GOAL, CostEstimator.none(), 1)).getMessage();
            assertTrue(message.contains(bad[1]), message);
        }
    }

    @Test
    void choleskySolvesASmallSystemExactly() {
        double[][] a = {{4}, {2, 3}, {-2, 1, 6}};
        double[][] l = GaussianProcess.cholesky(a);
        // L L^T x = b with x = (1, 2, 3): b = A x, A symmetric with the lower triangle above.
        double[] b = {4 * 1 + 2 * 2 - 2 * 3, 2 * 1 + 3 * 2 + 1 * 3, -2 * 1 + 1 * 2 + 6 * 3};
        double[] x = GaussianProcess.solveUpper(l, GaussianProcess.solveLower(l, b, 3));
        assertEquals(1, x[0], 1e-12);
        assertEquals(2, x[1], 1e-12);
        assertEquals(3, x[2], 1e-12);
        assertThrows(IllegalStateException.class, () -> GaussianProcess.cholesky(new double[][] {{1}, {2, 1}}));
    }

    @Test
    void inverseNormalMatchesKnownQuantiles() {
        assertEquals(0, GaussianProcess.inverseNormal(0.5), 1e-9);
        assertEquals(1.959963985, GaussianProcess.inverseNormal(0.975), 1e-4);
        assertEquals(-2.326347874, GaussianProcess.inverseNormal(0.01), 1e-4);
        assertEquals(-3.090232306, GaussianProcess.inverseNormal(0.001), 1e-4);
    }

    @Test
    void theProcessInterpolatesItsDataAndLearnsTheRightLengthscale() {
        OneHot oneHot = new OneHot(SPACE);
        SplittableRandom rng = new SplittableRandom(8);
        List<Architecture> archs = new ArrayList<>();
        while (archs.size() < 40) {
            Architecture a = SPACE.sample(rng);
            if (!archs.contains(a)) {
                archs.add(a);
            }
        }
        int[][] x = archs.stream().map(oneHot::choiceIndices).toArray(int[][]::new);
        double[] y = archs.stream().mapToDouble(a -> Toy.metrics(a).get("cost")).toArray();
        GaussianProcess gp = GaussianProcess.fit(x, y, 3, 1e-6);
        GaussianProcess.Posterior at = gp.posterior(x);
        for (int i = 0; i < x.length; i++) {
            assertEquals(y[i], at.quantile(i, 0), 1e-3, "the median at a training point is its value");
            assertEquals(y[i], at.quantile(i, 1), 0.05, "with almost no uncertainty there");
        }
        // The cost is a sum over genes, smooth in the Hamming distance: a long lengthscale explains it better.
        GaussianProcess.Hyperparameters chosen = GaussianProcess.select(x, y, new double[] {0.3, 6}, new double[] {1e-3});
        assertEquals(6, chosen.lengthscale());
    }

    @Test
    void believingAPointKeepsMediansAndShrinksTheUncertaintyNearIt() {
        OneHot oneHot = new OneHot(SPACE);
        SplittableRandom rng = new SplittableRandom(2);
        List<Architecture> all = new ArrayList<>();
        while (all.size() < 14) {
            Architecture a = SPACE.sample(rng);
            if (!all.contains(a)) {
                all.add(a);
            }
        }
        int[][] train = all.subList(0, 8).stream().map(oneHot::choiceIndices).toArray(int[][]::new);
        double[] y = all.subList(0, 8).stream().mapToDouble(a -> Toy.metrics(a).get("accuracy")).toArray();
        int[][] points = all.subList(8, 14).stream().map(oneHot::choiceIndices).toArray(int[][]::new);
        GaussianProcess gp = GaussianProcess.fit(train, y, 2, 0.01);
        GaussianProcess.Posterior believed = gp.posterior(points);
        double[] before = new double[points.length];
        double[] medians = new double[points.length];
        for (int p = 0; p < points.length; p++) {
            before[p] = believed.quantile(p, 1) - believed.quantile(p, 0);
            medians[p] = believed.quantile(p, 0);
        }
        believed.believe(0);
        double shrunk = 0;
        for (int p = 0; p < points.length; p++) {
            double spread = believed.quantile(p, 1) - believed.quantile(p, 0);
            assertTrue(spread <= before[p] + 1e-12, "point " + p);
            // Observed at its own mean, a point moves no mean: the kriging believer only narrows.
            assertEquals(medians[p], believed.quantile(p, 0), 1e-9);
            shrunk += before[p] - spread;
        }
        assertTrue(before[0] - (believed.quantile(0, 1) - believed.quantile(0, 0)) > 0.5 * before[0],
                "the believed point itself is nearly certain now");
        assertTrue(shrunk > 0);
    }
}
