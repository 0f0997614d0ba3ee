package org.sparknas.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.sparknas.config.ConfigException;
import org.sparknas.space.Architecture;
import org.sparknas.space.OfaSpace;
import org.sparknas.space.SearchSpace;
import org.sparknas.space.SearchSpaces;

class GridSearchTest {

    @Test
    void enumeratesTheNamedDimensionsInOrderWithTheRestFromTheBase() {
        SearchSpace space = Toy.space(4, 3);
        Strategy grid = Toy.create("name = grid, dimensions = [x1, x3], base = \"2,2,2,2\"", space, Toy.GOAL, CostEstimator.none(), 0);
        List<String> keys = grid.ask(100).stream().map(Architecture::key).toList();
        assertEquals(List.of("0,2,0,2", "0,2,1,2", "0,2,2,2", "1,2,0,2", "1,2,1,2", "1,2,2,2", "2,2,0,2", "2,2,1,2", "2,2,2,2"), keys);
        assertTrue(grid.ask(1).isEmpty());
    }

    @Test
    void visitsEachNetworkOnceWhenCombinationsCanonicaliseTogether() {
        OfaSpace space = (OfaSpace) SearchSpaces.load(Path.of("../conf/spaces/ofa-fmnist.conf"));
        // The smallest architecture has depth 2 in stage 1, so kernels 3 and 4 of that stage are unused:
        // 3^4 combinations are only 3^2 networks.
        Strategy grid = Toy.create("name = grid, dimensions = [\"kernel.1.*\"]", space, Toy.GOAL, CostEstimator.none(), 0);
        List<Architecture> all = grid.ask(1000);
        assertEquals(9, all.size());
        assertEquals(9, new HashSet<>(all).size());
    }

    @Test
    void refusesAGridLargerThanItsCapWithItsSize() {
        SearchSpace space = Toy.space(6, 5);
        String message = assertThrows(IllegalArgumentException.class, () -> new GridSearch(space, Toy.GOAL, CostEstimator.none(),
                new GridSearch.Settings(List.of("x*"), Optional.empty(), 15624))).getMessage();
        assertTrue(message.contains("has 15625 combinations, more than the cap of 15624"), message);
        assertEquals(15625, new GridSearch(space, Toy.GOAL, CostEstimator.none(),
                new GridSearch.Settings(List.of("x*"), Optional.empty(), 15625)).size().intValue());
    }

    @Test
    void skipsCombinationsThatBreakAKnownConstraintAndReportsAnUnsatisfiableOne() {
        SearchSpace space = Toy.space(3, 3);
        Goal cheap = Toy.GOAL.withConstraints(List.of(Constraint.atMost("cost", 1)));
        Strategy grid = Toy.create("name = grid", space, cheap, Toy.COST, 0);
        assertEquals(List.of("0,0,0", "0,0,1", "0,1,0", "1,0,0"), grid.ask(100).stream().map(Architecture::key).toList());

        Goal impossible = Toy.GOAL.withConstraints(List.of(Constraint.atMost("cost", -1)));
        Strategy none = Toy.create("name = grid", space, impossible, Toy.COST, 0);
        String message = assertThrows(ConfigException.class, () -> none.ask(1)).getMessage();
        assertTrue(message.contains("'cost <= -1.0' rejected 27"), message);
        assertTrue(message.contains("the whole grid (27 combinations)"), message);
    }
}
