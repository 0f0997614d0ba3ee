package org.sparknas.strategy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparknas.space.CategoricalSpace;

class ConstrainedRankingTest {

    private static final CategoricalSpace SPACE = Toy.space(3, 5);
    private static int next;

    private static Scored scored(double f1, double f2, double violation) {
        int i = next++;
        return new Scored(Toy.evaluate(SPACE.architecture(new int[] {i % 5, i / 5 % 5, i / 25})), new double[] {f1, f2},
                -f1, violation, i);
    }

    @Test
    void feasibleFrontsFirstThenInfeasibleByViolation() {
        Scored a = scored(1, 3, 0);
        Scored b = scored(2, 2, 0);
        Scored c = scored(3, 3, 0);      // dominated by b
        Scored d = scored(0, 0, 0.5);    // best objectives, but infeasible
        Scored e = scored(5, 5, 0.2);    // violates less than d
        ConstrainedRanking.Ranked r = ConstrainedRanking.rank(List.of(a, b, c, d, e));
        assertArrayEquals(new int[] {0, 0, 1, 3, 2}, r.rank());
        assertTrue(r.beats(0, 2));
        assertTrue(r.beats(4, 3));
        assertEquals(List.of(a, b, c), ConstrainedRanking.best(List.of(d, e, c, b, a), 3));
        assertEquals(List.of(a, b, c, e), ConstrainedRanking.best(List.of(d, e, c, b, a), 4));
    }

    @Test
    void crowdingBreaksTiesWithinAFront() {
        Scored a = scored(0, 4, 0);
        Scored b = scored(1, 3, 0);
        Scored c = scored(3.9, 0.1, 0);
        Scored d = scored(4, 0, 0);
        // b sits between a and c (large gaps), c is squeezed against d: b survives, c does not.
        assertEquals(List.of(a, d, b), ConstrainedRanking.best(List.of(a, b, c, d), 3));
    }

    @Test
    void constrainedDominationAndTheRankANewcomerWouldGet() {
        Scored feasible = scored(9, 9, 0);
        Scored infeasible = scored(0, 0, 0.1);
        assertTrue(ConstrainedRanking.dominates(feasible, infeasible));
        assertFalse(ConstrainedRanking.dominates(infeasible, feasible));
        assertTrue(ConstrainedRanking.dominates(infeasible, scored(0, 0, 0.2)));

        Scored a = scored(1, 3, 0);
        Scored b = scored(2, 2, 0);
        Scored c = scored(3, 3, 0);
        ConstrainedRanking.Ranked r = ConstrainedRanking.rank(List.of(a, b, c));
        assertEquals(0, ConstrainedRanking.rankAmong(r, scored(0, 5, 0)));
        assertEquals(1, ConstrainedRanking.rankAmong(r, scored(2.5, 2.5, 0)));
        assertEquals(2, ConstrainedRanking.rankAmong(r, scored(4, 4, 0)));
        assertEquals(2, ConstrainedRanking.rankAmong(r, scored(-1, -1, 0.3)), "infeasible comes after every feasible front");
    }
}
