package org.sparknas.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.sparknas.config.ConfigException;
import org.sparknas.space.Architecture;
import org.sparknas.space.OfaSpace;
import org.sparknas.space.SearchSpace;
import org.sparknas.space.SearchSpaces;

class RandomSearchTest {

    private static final OfaSpace OFA = (OfaSpace) SearchSpaces.load(Path.of("../conf/spaces/ofa-fmnist.conf"));

    /** MACs known before evaluation, as the driver's cost model provides them. */
    private static final CostEstimator MACS = new CostEstimator() {
        @Override
        public Set<String> metrics() {
            return Set.of("macs");
        }

        @Override
        public Map<String, Double> estimate(Architecture a) {
            return Map.of("macs", (double) OFA.macs(a));
        }
    };

    @Test
    void meetsAMacsBoundInALargeSpaceByRejection() {
        long median = OFA.macs(OFA.sample(new java.util.SplittableRandom(1)));
        Goal goal = Goal.of(Objective.maximize("accuracy")).withConstraints(List.of(Constraint.atMost("macs", median)));
        Strategy random = Toy.create("name = random", OFA, goal, MACS, 4);
        List<Architecture> asked = random.ask(200);
        assertEquals(200, asked.size());
        assertTrue(asked.stream().allMatch(a -> OFA.macs(a) <= median));
    }

    @Test
    void namesAnUnsatisfiableConstraintAfterBoundedTriesInALargeSpace() {
        Goal goal = Goal.of(Objective.maximize("accuracy")).withConstraints(List.of(Constraint.atMost("macs", 1000)));
        Strategy random = Toy.create("name = random, max-tries = 300", OFA, goal, MACS, 4);
        String message = assertThrows(ConfigException.class, () -> random.ask(1)).getMessage();
        assertTrue(message.contains("'macs <= 1000.0' rejected 300"), message);
        assertTrue(message.contains("the smallest macs seen was"), message);
        assertTrue(message.contains("300 random draws"), message);
        assertTrue(message.contains("looks unsatisfiable"), message);
    }

    @Test
    void namesAnUnsatisfiableConstraintAfterCheckingAWholeSmallSpace() {
        SearchSpace space = Toy.space(4, 3);
        Goal goal = Toy.GOAL.withConstraints(List.of(Constraint.atMost("cost", -1)));
        String message = assertThrows(ConfigException.class,
                () -> Toy.create("name = random", space, goal, Toy.COST, 4).ask(1)).getMessage();
        assertTrue(message.contains("the whole space (81 architectures)"), message);
        assertTrue(message.contains("smallest cost seen was 0.0"), message);
    }

    @Test
    void isUniformEnoughToCoverEveryValue() {
        SearchSpace space = Toy.space(6, 5);
        List<Architecture> asked = Toy.create("random", space, 3).ask(500);
        for (int d = 0; d < 6; d++) {
            int dim = d;
            for (int v = 0; v < 5; v++) {
                int value = v;
                long count = asked.stream().filter(a -> a.gene(dim) == value).count();
                assertTrue(count > 60 && count < 140, "dimension " + d + " value " + v + " drawn " + count + " times of 500");
            }
        }
    }
}
