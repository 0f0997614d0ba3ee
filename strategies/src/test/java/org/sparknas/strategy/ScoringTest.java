package org.sparknas.strategy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sparknas.space.Architecture;

class ScoringTest {

    private final Architecture arch = Toy.space(3, 3).parse("1,2,2");

    @Test
    void takesMetricsTheTrialLacksFromTheEstimator() {
        Goal goal = Toy.GOAL.withConstraints(List.of(Constraint.atMost("cost", 4)));
        Scored s = new Scoring(goal, Toy.COST).score(Trial.ok(arch, 10, Map.of("accuracy", 0.9)), 3);
        assertArrayEquals(new double[] {-0.9, 5}, s.objectives());
        assertEquals(0.9, s.fitness());
        assertEquals(0.25, s.violation(), 1e-12, "cost 5 against a bound of 4 is 25% over");
        assertEquals(3, s.order());
    }

    @Test
    void theTrialsOwnMetricWinsOverTheEstimate() {
        Scored s = new Scoring(Toy.GOAL, Toy.COST).score(Trial.ok(arch, 10, Map.of("accuracy", 0.9, "cost", 1.0)), 0);
        assertArrayEquals(new double[] {-0.9, 1}, s.objectives());
    }

    @Test
    void aRewardOnlyGoalIsTheObjectiveOfMultiObjectiveStrategies() {
        Goal mnas = new Goal(List.of(), List.of(), java.util.Optional.of(new MnasReward("accuracy", "cost", 5, -0.07)));
        Scored s = new Scoring(mnas, Toy.COST).score(Trial.ok(arch, 10, Map.of("accuracy", 0.9)), 0);
        double reward = 0.9 * Math.pow(5.0 / 5, -0.07);
        assertEquals(reward, s.fitness(), 1e-12);
        assertArrayEquals(new double[] {-reward}, s.objectives(), 1e-12);
    }

    @Test
    void aMetricNobodyHasIsNamed() {
        String message = assertThrows(IllegalStateException.class,
                () -> new Scoring(Toy.GOAL, CostEstimator.none()).score(Trial.ok(arch, 10, Map.of("accuracy", 0.9)), 0)).getMessage();
        assertTrue(message.contains("no metric 'cost'"), message);
    }

    @Test
    void fitnessComparisonPutsFeasibleFirst() {
        Scored feasibleWorse = new Scored(Toy.evaluate(arch), new double[] {0}, 1, 0, 0);
        Scored infeasibleBetter = new Scored(Toy.evaluate(arch), new double[] {0}, 5, 0.1, 1);
        Scored feasibleBetter = new Scored(Toy.evaluate(arch), new double[] {0}, 2, 0, 2);
        List<Scored> sorted = new java.util.ArrayList<>(List.of(infeasibleBetter, feasibleWorse, feasibleBetter));
        sorted.sort(Scored::compareByFitness);
        assertEquals(List.of(feasibleBetter, feasibleWorse, infeasibleBetter), sorted);
    }
}
