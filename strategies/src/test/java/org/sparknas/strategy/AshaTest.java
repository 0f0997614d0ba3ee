package org.sparknas.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sparknas.config.ConfigException;
import org.sparknas.space.Architecture;
import org.sparknas.space.CategoricalSpace;

/**
 * ASHA: promotions as soon as a rung has eta successful trials, the best 1 in eta by the shared
 * ranking, never twice, failures never promoted, the ask/tell contract. Determinism and resuming
 * are checked with the other multi-fidelity strategies in {@link FidelityScheduleTest}.
 */
class AshaTest {

    private static final CategoricalSpace SPACE = Toy.space(6, 4);
    private static final Goal ACCURACY = Goal.of(Objective.maximize("accuracy"));

    private static Strategy.MultiFidelity create(String hocon, Goal goal, long seed) {
        return FidelityScheduleTest.create(hocon, goal, CostEstimator.none(), seed);
    }

    private static List<Trial> measure(List<RungCandidate> asked, int fullRung) {
        return asked.stream().map(c -> FidelityScheduleTest.measure(c, fullRung)).toList();
    }

    @Test
    void aRungPromotesItsBestAsSoonAsItHasEtaTrialsWithoutWaitingForABracket() {
        Strategy.MultiFidelity asha = create("name = asha, rungs = [10], eta = 3", ACCURACY, 3);
        List<Trial> rung0 = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            List<RungCandidate> one = asha.askAtRungs(1);
            assertEquals(0, one.get(0).rung(), "ask " + i + ": fewer than eta trials at rung 0, so a new candidate");
            List<Trial> told = measure(one, 1);
            ((Strategy) asha).tell(told);
            rung0.addAll(told);
        }
        // three trials at rung 0: floor(3 / 3) = 1 promotion, the fittest of them, asked before any new one
        Architecture fittest = rung0.stream().max(Comparator.comparingDouble(t -> t.metric("accuracy"))).orElseThrow()
                .architecture();
        List<RungCandidate> next = asha.askAtRungs(2);
        assertEquals(new RungCandidate(fittest, 1), next.get(0));
        assertEquals(0, next.get(1).rung());
        assertFalse(rung0.stream().anyMatch(t -> t.architecture().equals(next.get(1).architecture())));
        List<Trial> nextTold = measure(next, 1);
        ((Strategy) asha).tell(nextTold);
        rung0.add(nextTold.get(1));

        // four at rung 0 allow one promotion: none more while the promoted one is still the fittest;
        // if the fourth displaced it, the fourth is promoted too (ASHA never takes a promotion back)
        Architecture fittestOfFour = rung0.stream().max(Comparator.comparingDouble(t -> t.metric("accuracy")))
                .orElseThrow().architecture();
        RungCandidate third = asha.askAtRungs(1).get(0);
        assertEquals(fittestOfFour.equals(fittest) ? 0 : 1, third.rung());
        if (third.rung() == 1) {
            assertEquals(fittestOfFour, third.architecture());
        }

        // successive halving with the same rungs and eta waits for its bracket of 9 before promoting
        Strategy.MultiFidelity sh = create("name = successive-halving, rungs = [10], eta = 3, candidates = 9", ACCURACY, 3);
        for (int i = 0; i < 4; i++) {
            List<RungCandidate> one = sh.askAtRungs(1);
            assertEquals(0, one.get(0).rung());
            ((Strategy) sh).tell(measure(one, 1));
        }
    }

    /**
     * The whole rule, checked against an independent bookkeeping of every told trial: each ask's
     * promotions are exactly the best floor(n / eta) of each rung's n successful trials not
     * promoted before, highest rung first and best first, then new candidates at rung 0.
     */
    @ParameterizedTest
    @CsvSource({"2, 3, 5", "3, 2, 16", "3, 3, 1"})
    void everyAskPromotesExactlyTheBestOneInEtaNotPromotedBefore(int objectives, int eta, int batch) {
        Goal goal = objectives == 2 ? Toy.GOAL : ACCURACY;
        Strategy.MultiFidelity asha = create("name = asha, rungs = [10, 20], eta = " + eta, goal, 17);
        Scoring scoring = new Scoring(goal, CostEstimator.none());
        List<List<Scored>> succeeded = List.of(new ArrayList<>(), new ArrayList<>());
        List<Set<Architecture>> promoted = List.of(new HashSet<>(), new HashSet<>());
        Set<RungCandidate> seen = new HashSet<>();
        long told = 0;
        int promotions = 0;
        for (int step = 0; step < 300 / batch; step++) {
            List<RungCandidate> expected = new ArrayList<>();
            for (int k = 1; k >= 0; k--) {
                for (Scored s : FidelitySchedule.best(goal, succeeded.get(k), succeeded.get(k).size() / eta)) {
                    if (expected.size() < batch && !promoted.get(k).contains(s.architecture())) {
                        expected.add(new RungCandidate(s.architecture(), k + 1));
                    }
                }
            }
            List<RungCandidate> asked = asha.askAtRungs(batch);
            assertEquals(batch, asked.size());
            assertEquals(expected, asked.subList(0, expected.size()), "step " + step + ": promotions");
            assertTrue(asked.subList(expected.size(), batch).stream().allMatch(c -> c.rung() == 0), "then new ones");
            for (RungCandidate c : asked) {
                assertTrue(seen.add(c), "never twice at one rung: " + c);
                if (c.rung() > 0) {
                    promoted.get(c.rung() - 1).add(c.architecture());
                    promotions++;
                }
            }
            List<Trial> results = measure(asked, 2);
            ((Strategy) asha).tell(results);
            for (int i = 0; i < results.size(); i++) {
                if (asked.get(i).rung() < 2) {
                    succeeded.get(asked.get(i).rung()).add(scoring.score(results.get(i), told));
                }
                told++;
            }
        }
        assertTrue(promotions > 300 / eta / 2, "promotions happen all along: " + promotions);
        assertTrue(promoted.get(1).size() > 0, "some reach the full rung");
    }

    @Test
    void failedTrialsAreNeverPromotedAndDoNotCount() {
        Strategy.MultiFidelity asha = create("name = asha, rungs = [10], eta = 3", Toy.GOAL, 5);
        List<RungCandidate> first = asha.askAtRungs(6);
        // the three best by the full metrics fail at rung 0
        Set<Architecture> failing = new HashSet<>(first.stream().map(RungCandidate::architecture)
                .sorted(Comparator.comparingDouble(a -> -Toy.metrics(a).get("accuracy"))).limit(3).toList());
        List<Trial> told = first.stream().map(c -> failing.contains(c.architecture())
                ? Trial.failed(c.architecture(), 10, "out of memory") : FidelityScheduleTest.measure(c, 1)).toList();
        ((Strategy) asha).tell(told);
        List<RungCandidate> second = asha.askAtRungs(4);
        // 3 succeeded: floor(3 / 3) = 1 promotion, not 6 / 3 = 2
        assertEquals(1, second.stream().filter(c -> c.rung() == 1).count());
        assertEquals(1, second.get(0).rung());
        assertFalse(failing.contains(second.get(0).architecture()));
        ((Strategy) asha).tell(measure(second, 1));
        // failed ones stay out, however many succeed later
        List<RungCandidate> later = FidelityScheduleTest.asked(FidelityScheduleTest.run(asha, 100, 8, FidelityScheduleTest::measure));
        assertTrue(later.stream().noneMatch(c -> c.rung() == 1 && failing.contains(c.architecture())));
        assertTrue(later.stream().anyMatch(c -> c.rung() == 1));

        Strategy.MultiFidelity allFail = create("name = asha, rungs = [10], eta = 3", Toy.GOAL, 5);
        List<RungCandidate> doomed = allFail.askAtRungs(6);
        ((Strategy) allFail).tell(doomed.stream().map(c -> Trial.failed(c.architecture(), 10, "crash")).toList());
        assertTrue(allFail.askAtRungs(6).stream().allMatch(c -> c.rung() == 0), "nothing succeeded: nothing to promote");
    }

    @Test
    void theFullRungIsTheLastAndNewCandidatesComeFromTheBase() {
        Goal constrained = Toy.GOAL.withConstraints(List.of(Constraint.atMost("cost", 8)));
        Strategy.MultiFidelity asha = FidelityScheduleTest.create("name = asha, rungs = [10, 20], eta = 2, base = nsga2",
                constrained, Toy.COST, 3);
        List<RungCandidate> asked = FidelityScheduleTest.asked(FidelityScheduleTest.run(asha, 200, 16,
                FidelityScheduleTest::measure));
        assertEquals(200, asked.size());
        assertTrue(asked.stream().allMatch(c -> c.rung() <= 2));
        assertTrue(asked.stream().anyMatch(c -> c.rung() == 2));
        assertTrue(asked.stream().allMatch(c -> Toy.metrics(c.architecture()).get("cost") <= 8), "the base meets the constraint");
    }

    @Test
    void stopsWhenTheSpaceIsExhaustedAfterItsLastPromotions() {
        CategoricalSpace tiny = Toy.space(3, 3);
        Strategy.MultiFidelity asha = assertInstanceOf(Strategy.MultiFidelity.class,
                Toy.create("name = asha, rungs = [10], eta = 3", tiny, Toy.GOAL, CostEstimator.none(), 1));
        List<RungCandidate> all = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            List<RungCandidate> asked = asha.askAtRungs(8);
            if (asked.isEmpty()) {
                break;
            }
            ((Strategy) asha).tell(measure(asked, 1));
            all.addAll(asked);
        }
        assertEquals(27, all.stream().filter(c -> c.rung() == 0).count());
        long atFull = all.stream().filter(c -> c.rung() == 1).count();
        // at least floor(27 / 3); more where an early promotion later dropped out of the best third
        assertTrue(atFull >= 9 && atFull < 27, "promoted " + atFull);
        assertEquals(all.size(), new HashSet<>(all).size());
        assertTrue(asha.askAtRungs(8).isEmpty(), "nothing left to ask");
    }

    @Test
    void theAskTellContractIsCheckedWithClearMessages() {
        Strategy.MultiFidelity asha = create("name = asha, rungs = [10]", Toy.GOAL, 2);
        Strategy plain = (Strategy) asha;
        assertTrue(assertThrows(UnsupportedOperationException.class, () -> plain.ask(3)).getMessage()
                .contains("ask it with askAtRungs(n)"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> asha.askAtRungs(-1)).getMessage()
                .contains("cannot ask for -1 candidates"));
        Trial stranger = Toy.evaluate(create("name = asha", Toy.GOAL, 3).askAtRungs(1).get(0).architecture());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> plain.tell(List.of(stranger))).getMessage()
                .contains("asha was told 1 trials for the 0 candidates"));
        List<RungCandidate> asked = asha.askAtRungs(3);
        String again = assertThrows(IllegalStateException.class, () -> asha.askAtRungs(3)).getMessage();
        assertEquals("asha was asked again before the 3 candidates of its last ask were told", again);
        List<Trial> results = new ArrayList<>(measure(asked, 1));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> plain.tell(results.subList(0, 2))).getMessage()
                .contains("told 2 trials for the 3 candidates"));
        List<Trial> swapped = List.of(results.get(1), results.get(0), results.get(2));
        String wrong = assertThrows(IllegalArgumentException.class, () -> plain.tell(swapped)).getMessage();
        assertTrue(wrong.contains("trial 0 of " + asked.get(1).architecture().key() + " where it asked for "
                + asked.get(0).architecture().key()), wrong);
        // a refused tell changes nothing: the right one is still accepted
        plain.tell(results);
        assertEquals(3, asha.askAtRungs(3).size());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "name = asha, candidates = 9 | unknown key 'strategy.candidates'",
        "name = asha, eta = 1 | 'strategy.eta'",
        "name = asha, rungs = [20, 10] | a non-empty, increasing list of positive numbers",
        "name = asha, base = median-stopping | use a built-in strategy that measures at one fidelity",
        "name = successive-halving, base = asha | 'strategy.base'",
    })
    void refusesBadSettingsByKey(String hocon, String expected) {
        String message = assertThrows(ConfigException.class,
                () -> Toy.create(hocon, SPACE, Toy.GOAL, CostEstimator.none(), 1)).getMessage();
        assertTrue(message.contains(expected.trim()), message);
    }

    @Test
    void theSameSeedAndResultsGiveTheSameAsksAcrossRungs() {
        Map<Long, List<RungCandidate>> bySeed = new HashMap<>();
        for (long seed : new long[] {4, 4, 9}) {
            List<RungCandidate> asked = FidelityScheduleTest.asked(FidelityScheduleTest.run(
                    create("name = asha, rungs = [10, 20], base = random", Toy.GOAL, seed), 150, 16,
                    FidelityScheduleTest::measure));
            if (bySeed.containsKey(seed)) {
                assertEquals(bySeed.get(seed), asked);
            }
            bySeed.put(seed, asked);
        }
        assertFalse(bySeed.get(4L).equals(bySeed.get(9L)));
    }
}
