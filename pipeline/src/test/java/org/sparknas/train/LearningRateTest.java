package org.sparknas.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Set;
import org.junit.jupiter.api.Test;

class LearningRateTest {

    @Test
    void warmsUpLinearlyThenFollowsAHalfCosineToZero() {
        LearningRate lr = LearningRate.of(new Phase("p", Set.of(ElasticDimension.KERNEL), 2, 0.1, 0.5, 1), 10);
        assertEquals(new LearningRate(0.1, 5, 20), lr);
        assertEquals(0.02, lr.at(0), 1e-12);
        assertEquals(0.1, lr.at(4), 1e-12);
        assertEquals(0.1, lr.at(5), 1e-12);
        // halfway through the decay (step 5 + 7.5): cos(pi / 2) = 0, so half the base rate
        assertEquals(0.05, new LearningRate(0.1, 0, 10).at(5), 1e-12);
        assertEquals(0.1 * 0.5 * (1 + Math.cos(Math.PI * 14 / 15)), lr.at(19), 1e-12);
    }

    @Test
    void refusesAWarmupLongerThanThePhase() {
        assertThrows(IllegalArgumentException.class, () -> new LearningRate(0.1, 11, 10));
    }
}
