package org.sparknas.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.sparknas.space.Architecture;
import org.sparknas.space.OfaSpace;
import org.sparknas.space.SearchSpaces;

/** Every built-in strategy treats the precision gene of ofa-fmnist-int8 like any other categorical gene. */
class PrecisionSearchTest {

    private static final OfaSpace SPACE = (OfaSpace) SearchSpaces.load(Path.of("../conf/spaces/ofa-fmnist-int8.conf"));
    private static final Goal GOAL = Goal.of(Objective.maximize("accuracy"), Objective.minimize("bytes"));

    /**
     * A stand-in for a quantized evaluation: int8 costs some accuracy and saves three quarters of the
     * bytes, so a multi-objective search has a reason to keep both precisions.
     */
    private static Trial trial(Architecture a) {
        double params = SPACE.params(a);
        boolean int8 = SPACE.decode(a).precision().bits() == 8;
        double accuracy = Math.log(params) - (int8 ? 0.05 : 0) + 0.001 * Math.floorMod(a.key().hashCode(), 7);
        return Trial.ok(a, 100, Map.of("accuracy", accuracy, "bytes", params * (int8 ? 1 : 4)));
    }

    private static List<Architecture> search(String settings, long seed) {
        Strategy strategy = Toy.create(settings, SPACE, GOAL, CostEstimator.none(), seed);
        return Toy.asked(Toy.run(strategy, 60, 6, PrecisionSearchTest::trial));
    }

    @Test
    void everyStrategyProposesBothPrecisionsAndStaysSeeded() {
        for (String settings : List.of("name = random", "name = regularized-evolution, population = 12, sample = 4",
                "name = nsga2, population = 12", "name = ofa-evolution, population = 12",
                "name = pareto-local-search, initial = 8", "name = grid, dimensions = [precision, \"depth.*\"]")) {
            List<Architecture> asked = search(settings, 5);
            assertEquals(asked, search(settings, 5), settings + ": the same seed proposes the same candidates");
            Set<String> precisions = asked.stream().map(a -> SPACE.decode(a).precision().configName())
                    .collect(Collectors.toSet());
            assertEquals(Set.of("fp32", "int8"), precisions, settings + " proposed " + asked.size() + " candidates");
            assertTrue(asked.stream().allMatch(a -> a.equals(SPACE.parse(a.key()))), settings);
        }
    }

    @Test
    void theNeighbourhoodOfAnArchitectureIncludesItsOtherPrecision() {
        Architecture a = SPACE.parse(SPACE.withoutPrecision(SPACE.largest()).key() + ":fp32");
        List<Architecture> neighbours = Variation.neighbours(SPACE, a);
        assertTrue(neighbours.contains(SPACE.parse(SPACE.withoutPrecision(a).key() + ":int8")), neighbours.toString());
    }
}
