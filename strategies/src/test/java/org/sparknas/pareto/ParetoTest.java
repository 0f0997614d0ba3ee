package org.sparknas.pareto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Pareto math against values worked out by hand (every objective minimised). */
class ParetoTest {

    private static double[] p(double... v) {
        return v;
    }

    @Test
    void dominanceNeedsOneStrictImprovement() {
        assertTrue(Dominance.dominates(p(1, 2), p(1, 3)));
        assertFalse(Dominance.dominates(p(1, 2), p(1, 2)), "equal points do not dominate each other");
        assertFalse(Dominance.dominates(p(1, 3), p(2, 2)), "a trade-off is not domination");
        assertTrue(Dominance.weaklyDominates(p(1, 2), p(1, 2)));
        assertThrows(IllegalArgumentException.class, () -> Dominance.dominates(p(1, 2), p(1, 2, 3)));
    }

    @Test
    void sortsIntoFronts() {
        // 0:(1,4) 1:(2,2) 2:(4,1) are non-dominated; 3:(3,3) is dominated by 1 only; 4:(4,4) by 0,1,2,3.
        List<double[]> points = List.of(p(1, 4), p(2, 2), p(4, 1), p(3, 3), p(4, 4));
        assertEquals(List.of(List.of(0, 1, 2), List.of(3), List.of(4)), NonDominatedSort.fronts(points));
        assertArrayEquals(new int[] {0, 0, 0, 1, 2}, NonDominatedSort.ranks(points));
    }

    @Test
    void sortsThreeObjectives() {
        // (1,1,5) and (5,5,1) trade off; (2,2,6) is dominated by (1,1,5) only; (6,6,6) by all others.
        List<double[]> points = List.of(p(2, 2, 6), p(1, 1, 5), p(6, 6, 6), p(5, 5, 1));
        assertEquals(List.of(List.of(1, 3), List.of(0), List.of(2)), NonDominatedSort.fronts(points));
    }

    @Test
    void nonDominatedKeepsEqualPointsAndAgreesWithTheGeneralSort() {
        List<double[]> points = List.of(p(3, 3), p(1, 4), p(2, 2), p(2, 2), p(4, 1), p(2, 5), p(4, 1.5));
        List<double[]> front = NonDominatedSort.nonDominated(points);
        assertEquals(4, front.size());
        assertEquals(List.of(List.of(1, 2, 3, 4)), NonDominatedSort.fronts(points).subList(0, 1));
        assertTrue(NonDominatedSort.nonDominated(List.of()).isEmpty());
    }

    @Test
    void theFirstFrontAloneIsFrontZeroOfTheFullSort() {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(5);
        for (int objectives = 2; objectives <= 3; objectives++) {
            List<double[]> points = new java.util.ArrayList<>();
            for (int i = 0; i < 400; i++) {
                double[] p = new double[objectives];
                for (int m = 0; m < objectives; m++) {
                    p[m] = rng.nextInt(20);  // coarse values: ties and duplicates happen
                }
                points.add(p);
            }
            points.add(points.get(7).clone());
            assertEquals(NonDominatedSort.fronts(points).get(0), NonDominatedSort.firstFront(points));
        }
        assertEquals(List.of(), NonDominatedSort.firstFront(List.of()));
    }

    @Test
    void crowdingDistanceByHand() {
        // Sorted by objective 0: 1,2,4,6 (range 5); by objective 1: 1,2,3,5 (range 4).
        // (2,3): (4-1)/5 + (5-2)/4 = 0.6 + 0.75; (4,2): (6-2)/5 + (3-1)/4 = 0.8 + 0.5; the ends are infinite.
        double[] d = CrowdingDistance.of(List.of(p(1, 5), p(2, 3), p(4, 2), p(6, 1)));
        assertEquals(Double.POSITIVE_INFINITY, d[0]);
        assertEquals(1.35, d[1], 1e-12);
        assertEquals(1.3, d[2], 1e-12);
        assertEquals(Double.POSITIVE_INFINITY, d[3]);
        assertArrayEquals(new double[] {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY},
                CrowdingDistance.of(List.of(p(1, 2), p(2, 1))));
    }

    @Test
    void twoDimensionalHypervolumeByHand() {
        // Staircase against (4,4): 3*1 + 2*1 + 1*1 = 6; the dominated (3,3) and the point beyond the
        // reference (5,0) add nothing, nor does a point on the reference boundary (4,0).
        List<double[]> points = List.of(p(1, 3), p(2, 2), p(3, 1), p(3, 3), p(5, 0), p(4, 0));
        assertEquals(6.0, Hypervolume.of(points, p(4, 4)), 1e-12);
        assertEquals(0.0, Hypervolume.of(List.of(), p(4, 4)));
    }

    @Test
    void threeDimensionalHypervolumeByHand() {
        assertEquals(1.0, Hypervolume.of(List.of(p(1, 1, 1)), p(2, 2, 2)), 1e-12);
        // Boxes of 2*2*1 and 1*1*2 overlapping in a unit cube: 4 + 2 - 1.
        assertEquals(5.0, Hypervolume.of(List.of(p(0, 0, 1), p(1, 1, 0)), p(2, 2, 2)), 1e-12);
        // Three boxes of volume 2, each pair and all three overlapping in [1,2]^3: 6 - 3 + 1.
        assertEquals(4.0, Hypervolume.of(List.of(p(0, 1, 1), p(1, 0, 1), p(1, 1, 0)), p(2, 2, 2)), 1e-12);
    }

    @Test
    void hypervolumeRefusesFourObjectives() {
        assertThrows(IllegalArgumentException.class, () -> Hypervolume.of(List.of(p(0, 0, 0, 0)), p(1, 1, 1, 1)));
    }

    @Test
    void normalisesByExtent() {
        Normalization n = Normalization.extentOf(List.of(p(-90, 10), p(-70, 1)));
        assertArrayEquals(p(0.5, 1.0 / 3), n.apply(p(-80, 4)), 1e-12);
        assertArrayEquals(p(0, 0), Normalization.extentOf(List.of(p(2, 2))).apply(p(2, 2)), 1e-12);
    }
}
