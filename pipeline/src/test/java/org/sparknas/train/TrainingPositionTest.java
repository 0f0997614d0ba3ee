package org.sparknas.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TrainingPositionTest {

    private static final List<Phase> PHASES = List.of(new Phase("a", Set.of(ElasticDimension.RESOLUTION), 2, 0.1, 0, 0),
            new Phase("b", Set.of(ElasticDimension.KERNEL), 1, 0.1, 0, 1));

    @Test
    void walksStepsThenEpochsThenPhasesToTheEnd() {
        TrainingPosition p = TrainingPosition.START;
        List<String> seen = new java.util.ArrayList<>();
        while (!p.finished(PHASES)) {
            assertTrue(p.fits(PHASES, 3), p.toString());
            seen.add(p.phase() + "." + p.epoch() + "." + p.step());
            p = p.next(PHASES, 3);
        }
        assertEquals(List.of("0.0.0", "0.0.1", "0.0.2", "0.1.0", "0.1.1", "0.1.2", "1.0.0", "1.0.1", "1.0.2"), seen);
        assertEquals(new TrainingPosition(2, 0, 0, 9), p);
        assertEquals(9, TrainingPosition.totalSteps(PHASES, 3));
        assertTrue(p.fits(PHASES, 3));
    }

    @Test
    void aPositionOfAnotherScheduleDoesNotFit() {
        assertFalse(new TrainingPosition(0, 1, 2, 5).fits(PHASES, 4), "the global step says 3 steps per epoch");
        assertFalse(new TrainingPosition(1, 1, 0, 6).fits(PHASES, 3), "phase b has one epoch");
        assertFalse(new TrainingPosition(0, 0, 3, 3).fits(PHASES, 3));
        assertTrue(new TrainingPosition(1, 0, 1, 7).fits(PHASES, 3));
    }
}
