package org.sparknas.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sparknas.config.ConfigException;

/** The factory: the right strategy per name, and bad settings refused with the key and the value. */
class StrategiesTest {

    private static String error(String hocon) {
        return assertThrows(ConfigException.class,
                () -> Toy.create(hocon, Toy.space(6, 5), Toy.GOAL, CostEstimator.none(), 1)).getMessage();
    }

    @Test
    void buildsEveryNamedStrategy() {
        for (String name : Strategies.names()) {
            Strategy s = Toy.create(name, Toy.space(6, 5), 1);
            assertEquals(name, s.name());
        }
        assertInstanceOf(Nsga2.class, Toy.create("name = nsga2, population = 30, crossover-probability = 1", Toy.space(6, 5),
                Toy.GOAL, CostEstimator.none(), 1));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // configuration | words the message must contain
        "name = nsga2, populaton = 10 | unknown key 'strategy.populaton'",
        "name = nsga-2 | unknown strategy 'nsga-2'; use one of random, grid, regularized-evolution, nsga2",
        "population = 10 | missing key 'strategy.name'",
        "name = nsga2, population = 0 | 'strategy.population'",
        "name = nsga2, population = -3 | must be positive, got -3",
        "name = nsga2, population = 2.5 | 'strategy.population' (String: 1): must be a whole number, got 2.5",
        "name = nsga2, population = many | 'strategy.population' (String: 1) must be an integer",
        "name = regularized-evolution, population = 10, sample = 11 | 'strategy.sample'",
        "name = regularized-evolution, population = 10, sample = 11 | is 11, larger than the population (10)",
        "name = nsga2, crossover-probability = 1.5 | 'strategy.crossover-probability'",
        "name = nsga2, crossover-probability = 1.5 | must be in [0, 1], got 1.5",
        "name = ofa-evolution, mutation-probability = -0.1 | 'strategy.mutation-probability'",
        "name = ofa-evolution, resolution-mutation-probability = 2 | 'strategy.resolution-mutation-probability'",
        "name = ofa-evolution, population = 10, parent-ratio = 0.01 | keeps no parent of a population of 10",
        "name = pareto-local-search, exploration = 1.01 | 'strategy.exploration'",
        "name = pareto-local-search, fronts = 0 | 'strategy.fronts'",
        "name = bayesian, training = 1 | 'strategy.training'",
        "name = bayesian, pool = 0 | 'strategy.pool'",
        "name = nsga2, mutated-genes = 7 | 'strategy.mutated-genes'",
        "name = regularized-evolution, mutated-genes = 7 | more than the 6 dimensions of space 'toy'",
        "name = random, max-tries = 0 | 'strategy.max-tries'",
        "name = random, population = 10 | unknown key 'strategy.population'",
        "name = grid, dimensions = [x1, y7] | 'strategy.dimensions'",
        "name = grid, dimensions = [x1, y7] | no dimension matching 'y7'",
        "name = grid, dimensions = [] | 'strategy.dimensions'",
        "name = grid, base = \"1,2,3\" | 'strategy.base'",
        "name = grid, cap = 1000 | 'strategy.cap'",
        "name = grid, cap = 1000 | has 15625 combinations, more than the cap of 1000",
    })
    void refusesBadSettingsNamingKeyAndValue(String hocon, String expected) {
        String message = error(hocon);
        assertTrue(message.contains(expected.trim()), message);
    }

    @Test
    void aSmallPopulationClampsTheDefaultSample() {
        Strategy s = Toy.create("name = regularized-evolution, population = 4", Toy.space(6, 5), Toy.GOAL, CostEstimator.none(), 1);
        assertEquals(RegularizedEvolution.NAME, s.name());
    }
}
