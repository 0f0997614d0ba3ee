package org.sparknas.strategy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.sparknas.space.Architecture;
import org.sparknas.space.CategoricalSpace;
import org.sparknas.space.Dimension;

class SurrogatePartsTest {

    @Test
    void oneHotMarksTheChosenValueOfEveryDimension() {
        CategoricalSpace space = new CategoricalSpace("t", List.of(new Dimension("a", List.of(3, 5, 7)),
                new Dimension("b", List.of(1, 2))));
        OneHot oneHot = new OneHot(space);
        Architecture arch = space.architecture(new int[] {5, 1});
        assertEquals(5, oneHot.width());
        assertArrayEquals(new double[] {0, 1, 0, 1, 0}, oneHot.encode(arch));
        assertArrayEquals(new int[] {1, 0}, oneHot.choiceIndices(arch));
        assertArrayEquals(new int[] {7, 2}, oneHot.genes(new int[] {2, 1}));
    }

    @Test
    void tchebycheffTakesTheWorstWeightedObjectivePlusASmallSum() {
        Scalarization s = new Scalarization(new double[] {0.25, 0.75});
        // max(0.25 * 1, 0.75 * 0.2) + 0.05 * (0.25 + 0.15)
        assertEquals(0.25 + 0.05 * 0.4, s.value(new double[] {1, 0.2}), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> new Scalarization(new double[] {0.5, 0.6}));
    }

    @Test
    void randomWeightsLieOnTheSimplexAndRepeatForASeed() {
        Scalarization a = Scalarization.random(3, new SplittableRandom(4));
        Scalarization b = Scalarization.random(3, new SplittableRandom(4));
        assertArrayEquals(a.weights(), b.weights());
        assertEquals(1, a.weights()[0] + a.weights()[1] + a.weights()[2], 1e-12);
    }

    @Test
    void boundsScaleObservationsToTheUnitBox() {
        Scalarization.Bounds bounds = Scalarization.Bounds.of(List.of(new double[] {1, 10}, new double[] {3, 10}));
        assertArrayEquals(new double[] {0.5, 0}, bounds.scale(new double[] {2, 10}), 1e-12);
    }
}
