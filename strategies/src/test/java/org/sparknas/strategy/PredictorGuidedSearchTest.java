package org.sparknas.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.sparknas.config.ConfigException;
import org.sparknas.space.Architecture;
import org.sparknas.space.CategoricalSpace;
import org.sparknas.space.SearchSpace;
import org.sparknas.space.SearchSpaces;

/** What makes predictor-guided search what it is, on the toy problem. */
class PredictorGuidedSearchTest {

    private static final CategoricalSpace SPACE = Toy.space(6, 5);

    private static PredictorGuidedSearch create(String settings, Goal goal, CostEstimator estimator, long seed) {
        return (PredictorGuidedSearch) Toy.create("name = predictor-guided" + settings, SPACE, goal, estimator, seed);
    }

    @Test
    void beatsRandomSearchOnTheToyFrontAtEqualBudget() {
        for (int batch : new int[] {1, 10}) {
            double guided = 0;
            double random = 0;
            for (long seed = 0; seed < 5; seed++) {
                guided += Search.hypervolumeFraction(Toy.asked(Toy.run(create("", Toy.GOAL, CostEstimator.none(), seed), 60,
                        batch, Toy::evaluate)), SPACE);
                random += Search.hypervolumeFraction(Toy.asked(Toy.run(Toy.create("random", SPACE, seed), 60, batch,
                        Toy::evaluate)), SPACE);
            }
            assertTrue(guided / 5 > random / 5 + 0.05, "batch " + batch + ": " + guided / 5 + " vs random " + random / 5);
        }
    }

    @Test
    void measuresTheLargestMedianAndSmallestSubnetworkFirstUnlessAConstraintOrTheSettingRulesThemOut() {
        SearchSpace ofa = SearchSpaces.load(java.nio.file.Path.of("../conf/spaces/ofa-fmnist.conf"));
        Goal goal = Goal.of(Objective.maximize("accuracy"), Objective.minimize("macs"));
        CostEstimator size = new CostEstimator() {
            @Override
            public Set<String> metrics() {
                return Set.of("macs");
            }

            @Override
            public java.util.Map<String, Double> estimate(Architecture a) {
                return java.util.Map.of("macs", (double) java.util.Arrays.stream(a.genes()).sum());
            }
        };
        List<Architecture> first = Toy.create("name = predictor-guided", ofa, goal, size, 5).ask(16);
        assertEquals(List.of(ofa.largest(), ofa.median(), ofa.smallest()), first.subList(0, 3));
        assertEquals(16, new HashSet<>(first).size());

        double largestSize = size.estimate(ofa.largest()).get("macs");
        Goal capped = goal.withConstraints(List.of(Constraint.atMost("macs", largestSize - 1)));
        List<Architecture> constrained = Toy.create("name = predictor-guided", ofa, capped, size, 5).ask(16);
        assertEquals(List.of(ofa.median(), ofa.smallest()), constrained.subList(0, 2));
        assertTrue(!constrained.contains(ofa.largest()), "the largest breaks the constraint the estimator checks");

        List<Architecture> off = Toy.create("name = predictor-guided, anchors = false", ofa, goal, size, 5).ask(16);
        assertTrue(!off.contains(ofa.largest()) && !off.contains(ofa.median()) && !off.contains(ofa.smallest()),
                "anchors = false: random candidates only");
    }

    @Test
    void aBatchIsDistinctNewAndRepeatsForASeed() {
        List<Architecture> first = Toy.asked(Toy.run(create("", Toy.GOAL, CostEstimator.none(), 3), 64, 16, Toy::evaluate));
        assertEquals(64, first.size());
        assertEquals(64, new HashSet<>(first).size());
        assertEquals(first, Toy.asked(Toy.run(create("", Toy.GOAL, CostEstimator.none(), 3), 64, 16, Toy::evaluate)));
    }

    @Test
    void predictedCandidatesMeetTheConstraintsTheEstimatorKnows() {
        Goal goal = Toy.GOAL.withConstraints(List.of(Constraint.atMost("cost", 8)));
        List<Architecture> asked = Toy.asked(Toy.run(create(", exploration = 0", goal, Toy.COST, 4), 80, 8, Toy::evaluate));
        assertEquals(80, asked.size());
        assertTrue(asked.stream().allMatch(a -> Toy.metrics(a).get("cost") <= 8), "every candidate costs at most 8");
    }

    @Test
    void warmStartTrialsAreLearntFromAndNeverProposed() {
        List<Trial> prior = new ArrayList<>();
        java.util.SplittableRandom rng = new java.util.SplittableRandom(9);
        Set<Architecture> priorArchs = new HashSet<>();
        while (prior.size() < 40) {
            Architecture a = SPACE.sample(rng);
            if (priorArchs.add(a)) {
                prior.add(Toy.evaluate(a));
            }
        }
        double warm = 0;
        double cold = 0;
        for (long seed = 0; seed < 5; seed++) {
            PredictorGuidedSearch strategy = create("", Toy.GOAL, CostEstimator.none(), seed);
            strategy.warmStart(prior);
            List<Architecture> asked = Toy.asked(Toy.run(strategy, 20, 1, Toy::evaluate));
            assertTrue(asked.stream().noneMatch(priorArchs::contains), "no prior architecture is proposed again");
            // With 40 prior trials the first candidates already come from the predictor: only
            // what the 20 queries found is scored, against a cold start with the same budget.
            warm += Search.hypervolumeFraction(asked, SPACE);
            cold += Search.hypervolumeFraction(Toy.asked(Toy.run(create("", Toy.GOAL, CostEstimator.none(), seed), 20, 1,
                    Toy::evaluate)), SPACE);
        }
        assertTrue(warm / 5 > cold / 5 + 0.05, "warm " + warm / 5 + " vs cold " + cold / 5);

        PredictorGuidedSearch started = create("", Toy.GOAL, CostEstimator.none(), 1);
        started.ask(1);
        String message = assertThrows(IllegalStateException.class, () -> started.warmStart(prior)).getMessage();
        assertEquals("warm start comes before the first ask of strategy 'predictor-guided'", message);
    }

    @Test
    void warmStartRefusesATrialOfAnotherSpace() {
        PredictorGuidedSearch strategy = create("", Toy.GOAL, CostEstimator.none(), 1);
        List<Trial> foreign = List.of(Toy.evaluate(Toy.space(5, 3).smallest()));
        assertThrows(IllegalArgumentException.class, () -> strategy.warmStart(foreign));
    }

    @Test
    void badSettingsAreRefusedWithTheKey() {
        for (String[] bad : new String[][] {
            {", inner-population = 1", "'strategy.inner-population'"},
            {", hidden-layers = []", "'strategy.hidden-layers'"},
            {", exploration = 1.5", "'strategy.exploration'"},
            {", epochs = 0", "'strategy.epochs'"},
            {", ensemble = 0", "'strategy.ensemble'"},
            {", refit-growth = -1", "'strategy.refit-growth'"},
        }) {
            String message = assertThrows(ConfigException.class,
                    () -> create(bad[0], Toy.GOAL, CostEstimator.none(), 1)).getMessage();
            assertTrue(message.contains(bad[1]), bad[0] + ": " + message);
        }
    }
}
