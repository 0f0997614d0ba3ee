package org.sparknas.latency;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AgreementTest {

    @Test
    void kendallTauCountsConcordantAndDiscordantPairs() {
        assertEquals(1.0, Agreement.kendallTau(new double[] {1, 2, 3, 4}, new double[] {10, 20, 30, 40}), 1e-12);
        assertEquals(-1.0, Agreement.kendallTau(new double[] {1, 2, 3, 4}, new double[] {4, 3, 2, 1}), 1e-12);
        // one swapped neighbour pair: 5 concordant, 1 discordant of 6 pairs
        assertEquals(4.0 / 6, Agreement.kendallTau(new double[] {1, 2, 3, 4}, new double[] {1, 3, 2, 4}), 1e-12);
        // tau-b with a tie in y: pairs 5 concordant, 0 discordant, 1 tied in y only -> 5 / sqrt(6 * 5)
        assertEquals(5 / Math.sqrt(30), Agreement.kendallTau(new double[] {1, 2, 3, 4}, new double[] {1, 2, 2, 4}), 1e-12);
    }

    @Test
    void pearsonAndMapeOfKnownSeries() {
        Agreement a = Agreement.of(new double[] {1, 2, 3}, new double[] {2, 4, 6});
        assertEquals(1.0, a.pearsonR(), 1e-12);
        assertEquals(0.5, a.mape(), 1e-12); // every prediction is half the measurement
        // x = 1,2,3 against y = 1,3,2: r = 0.5
        assertEquals(0.5, Agreement.pearson(new double[] {1, 2, 3}, new double[] {1, 3, 2}), 1e-12);
        assertEquals((0.1 + 0.25) / 2, Agreement.mape(new double[] {1.1, 3}, new double[] {1, 4}), 1e-12);
    }
}
