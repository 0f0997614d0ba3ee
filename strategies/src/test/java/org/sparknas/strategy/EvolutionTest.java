package org.sparknas.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparknas.space.Architecture;
import org.sparknas.space.CategoricalSpace;

/** What makes each evolutionary strategy what it is, checked on the toy problem. */
class EvolutionTest {

    private static final CategoricalSpace SPACE = Toy.space(6, 5);

    @Test
    void regularizedEvolutionMutatesOneGeneOfTheFittestWhenTheSampleIsThePopulation() {
        Strategy rea = Toy.create("name = regularized-evolution, population = 10, sample = 10", SPACE, Toy.GOAL,
                CostEstimator.none(), 1);
        List<Architecture> told = new ArrayList<>(Toy.asked(Toy.run(rea, 10, 10, Toy::evaluate)));
        for (int i = 0; i < 30; i++) {
            // The population is the 10 most recent trials; with S = P the parent is their fittest.
            Architecture fittest = told.subList(told.size() - 10, told.size()).stream()
                    .max(Comparator.comparingDouble(a -> Toy.metrics(a).get("accuracy"))).orElseThrow();
            Architecture child = rea.ask(1).get(0);
            assertEquals(1, Search.hamming(fittest, child), "child " + child + " of " + fittest);
            rea.tell(List.of(Toy.evaluate(child)));
            told.add(child);
        }
    }

    @Test
    void regularizedEvolutionFindsTheOptimum() {
        double optimum = Toy.metrics(SPACE.largest()).get("accuracy");
        for (long seed = 0; seed < 5; seed++) {
            Strategy rea = Toy.create("regularized-evolution", SPACE, seed);
            assertEquals(optimum, Search.bestAccuracy(Toy.asked(Toy.run(rea, 300, 1, Toy::evaluate))), "seed " + seed);
        }
    }

    @Test
    void ofaEvolutionBreedsMutantsThenCrossoversOfTheBestQuarter() {
        Strategy ofa = Toy.create("name = ofa-evolution, population = 20", SPACE, Toy.GOAL, CostEstimator.none(), 3);
        List<Architecture> first = Toy.asked(Toy.run(ofa, 20, 20, Toy::evaluate));
        List<Architecture> parents = first.stream()
                .sorted(Comparator.comparingDouble((Architecture a) -> Toy.metrics(a).get("accuracy")).reversed())
                .limit(5).toList();
        List<Architecture> second = ofa.ask(20);
        for (Architecture mutant : second.subList(0, 10)) {
            int nearest = parents.stream().mapToInt(p -> Search.hamming(p, mutant)).min().orElseThrow();
            assertTrue(nearest >= 1 && nearest <= 3, mutant + " is " + nearest + " genes from the nearest parent");
        }
        for (Architecture child : second.subList(10, 20)) {
            assertTrue(fromTwoParents(child, parents), child + " takes every gene from one of two parents");
        }
    }

    private static boolean fromTwoParents(Architecture child, List<Architecture> parents) {
        for (Architecture a : parents) {
            for (Architecture b : parents) {
                boolean all = true;
                for (int i = 0; i < child.length(); i++) {
                    all &= child.gene(i) == a.gene(i) || child.gene(i) == b.gene(i);
                }
                if (all) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void nsga2GenerationsDoNotDependOnHowAsksAreBatched() {
        List<Architecture> oneByOne = Toy.asked(Toy.run(Toy.create("name = nsga2, population = 6", SPACE, Toy.GOAL,
                CostEstimator.none(), 4), 60, 1, Toy::evaluate));
        List<Architecture> byGeneration = Toy.asked(Toy.run(Toy.create("name = nsga2, population = 6", SPACE, Toy.GOAL,
                CostEstimator.none(), 4), 60, 6, Toy::evaluate));
        assertEquals(oneByOne, byGeneration);
    }

    @Test
    void paretoLocalSearchStepsToNeighboursOfWhatItFound() {
        Strategy pls = Toy.create("name = pareto-local-search, initial = 8, exploration = 0", SPACE, Toy.GOAL,
                CostEstimator.none(), 5);
        List<Architecture> found = new ArrayList<>(Toy.asked(Toy.run(pls, 8, 8, Toy::evaluate)));
        for (int i = 0; i < 40; i++) {
            Architecture next = pls.ask(1).get(0);
            assertEquals(1, found.stream().mapToInt(a -> Search.hamming(a, next)).min().orElseThrow(), next.key());
            pls.tell(List.of(Toy.evaluate(next)));
            found.add(next);
        }
    }

    @Test
    void multiObjectiveStrategiesBeatRandomSearchOnTheToyFront() {
        for (String name : List.of(Nsga2.NAME, ParetoLocalSearch.NAME)) {
            double strategy = 0;
            double random = 0;
            for (long seed = 0; seed < 5; seed++) {
                strategy += Search.hypervolumeFraction(Toy.asked(Toy.run(Toy.create(name, SPACE, seed), 150, 1, Toy::evaluate)), SPACE);
                random += Search.hypervolumeFraction(Toy.asked(Toy.run(Toy.create("random", SPACE, seed), 150, 1, Toy::evaluate)), SPACE);
            }
            // Over 5 seeds at 150 queries: random reaches about 0.88 of the front's hypervolume, both about 0.94.
            assertTrue(strategy / 5 > random / 5 + 0.03, name + " " + strategy / 5 + " vs random " + random / 5);
        }
    }
}
