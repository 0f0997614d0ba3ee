package org.sparknas.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.sparknas.space.Architecture;
import org.sparknas.space.CategoricalSpace;

/** What every strategy promises: determinism, exact replay, no repeats, any n, failures survived. */
class StrategyContractTest {

    /** The strategies asked with {@link Strategy#ask}; the multi-fidelity ones have their own test (FidelityScheduleTest). */
    static final List<String> ALL = Strategies.names().stream().filter(n -> !Strategies.multiFidelity(n)).toList();

    /** Small populations, so that a few dozen queries go through several generations. */
    static String small(String name) {
        return switch (name) {
            case "nsga2" -> "name = nsga2, population = 6";
            case "ofa-evolution" -> "name = ofa-evolution, population = 8";
            case "regularized-evolution" -> "name = regularized-evolution, population = 6, sample = 3";
            case "pareto-local-search" -> "name = pareto-local-search, initial = 5";
            case "predictor-guided" -> "name = predictor-guided, initial = 8, inner-population = 20, inner-generations = 3";
            default -> "name = " + name;
        };
    }

    static Strategy create(String name, CategoricalSpace space, long seed) {
        return Toy.create(small(name), space, Toy.GOAL, CostEstimator.none(), seed);
    }

    @ParameterizedTest
    @FieldSource("ALL")
    void sameSeedSameCandidatesOtherSeedOthers(String name) {
        CategoricalSpace space = Toy.space(6, 4);
        List<Architecture> a = Toy.asked(Toy.run(create(name, space, 7), 80, 5, Toy::evaluate));
        List<Architecture> b = Toy.asked(Toy.run(create(name, space, 7), 80, 5, Toy::evaluate));
        assertEquals(80, a.size());
        assertEquals(a, b);
        if (!name.equals(GridSearch.NAME)) {
            assertNotEquals(a, Toy.asked(Toy.run(create(name, space, 8), 80, 5, Toy::evaluate)));
        }
    }

    @ParameterizedTest
    @FieldSource("ALL")
    void aResumedRunReplaysTheStoredTrialsAndThenContinuesIdentically(String name) {
        CategoricalSpace space = Toy.space(6, 4);
        Strategy original = create(name, space, 11);
        List<Toy.Step> first = Toy.run(original, 60, 7, Toy::evaluate);

        // The resumed strategy is a fresh instance told the stored results instead of evaluating.
        Strategy resumed = create(name, space, 11);
        for (Toy.Step step : first) {
            assertEquals(step.asked(), resumed.ask(step.asked().size()));
            resumed.tell(step.told());
        }
        assertEquals(Toy.asked(Toy.run(original, 40, 7, Toy::evaluate)), Toy.asked(Toy.run(resumed, 40, 7, Toy::evaluate)));
    }

    @ParameterizedTest
    @FieldSource("ALL")
    void neverProposesAnArchitectureTwiceAndStopsWhenTheSpaceIsExhausted(String name) {
        CategoricalSpace space = Toy.space(4, 3);
        Strategy strategy = create(name, space, 3);
        List<Architecture> asked = Toy.asked(Toy.run(strategy, 1000, 7, Toy::evaluate));
        assertEquals(81, asked.size());
        assertEquals(81, new HashSet<>(asked).size());
        assertTrue(strategy.ask(5).isEmpty());
    }

    @ParameterizedTest
    @FieldSource("ALL")
    void acceptsAnyBatchSize(String name) {
        CategoricalSpace space = Toy.space(4, 3);
        Strategy strategy = create(name, space, 5);
        assertTrue(strategy.ask(0).isEmpty());
        List<Architecture> one = strategy.ask(1);
        assertEquals(1, one.size());
        strategy.tell(List.of(Toy.evaluate(one.get(0))));
        List<Architecture> many = strategy.ask(500);
        assertEquals(80, many.size(), "everything but the one already asked");
        assertThrows(IllegalArgumentException.class, () -> strategy.ask(-1));
    }

    @ParameterizedTest
    @FieldSource("ALL")
    void survivesFailedTrials(String name) {
        CategoricalSpace space = Toy.space(6, 4);
        // A third of the space fails to evaluate, as an out-of-memory candidate would.
        List<Architecture> someFail = Toy.asked(Toy.run(create(name, space, 2), 90, 6,
                a -> a.gene(0) == 0 ? Trial.failed(a, 100, "out of memory") : Toy.evaluate(a)));
        assertEquals(90, new HashSet<>(someFail).size());
        List<Architecture> allFail = Toy.asked(Toy.run(create(name, space, 2), 40, 4, a -> Trial.failed(a, 100, "crash")));
        assertEquals(40, new HashSet<>(allFail).size());
    }

    @ParameterizedTest
    @FieldSource("ALL")
    void metConstraintsKnownBeforeEvaluationByRejection(String name) {
        CategoricalSpace space = Toy.space(4, 3);
        Goal goal = Toy.GOAL.withConstraints(List.of(Constraint.atMost("cost", 3)));
        long feasible = space.grid(List.of(0, 1, 2, 3), space.smallest()).filter(a -> Toy.metrics(a).get("cost") <= 3).count();
        Strategy strategy = Toy.create(small(name), space, goal, Toy.COST, 9);
        List<Architecture> asked = Toy.asked(Toy.run(strategy, 1000, 5, Toy::evaluate));
        assertTrue(asked.stream().allMatch(a -> Toy.metrics(a).get("cost") <= 3), "every candidate meets cost <= 3");
        assertEquals(feasible, asked.size(), "and every feasible one is reached before the strategy stops");
        assertEquals(feasible, new HashSet<>(asked).size());
    }

    @ParameterizedTest
    @FieldSource("ALL")
    void refusesATrialOfAnotherSpace(String name) {
        Strategy strategy = create(name, Toy.space(4, 3), 1);
        Architecture foreign = Toy.space(5, 3).smallest();
        String message = assertThrows(IllegalArgumentException.class, () -> strategy.tell(List.of(Toy.evaluate(foreign))))
                .getMessage();
        assertTrue(message.contains("architecture 0,0,0,0,0, which is not in space 'toy'"), message);
    }
}
