package org.sparknas.latency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparknas.space.OfaArchitecture;
import org.sparknas.space.OfaSpace;
import org.sparknas.supernet.ComputeDevice;
import org.sparknas.supernet.NoGrad;

/** The speed reference, the round summaries the profiler and the validation use, and the validation's bookkeeping. */
class SpeedReferenceTest {

    private static final OfaSpace TINY = TinySpaces.tiny();

    @Test
    void theReferenceIsTheSpacesMiddleArchitecture() {
        // resolutions [8, 12], depths [1, 2], kernels [3, 5], expand ratios [2, 3]: the upper middle of each
        OfaArchitecture middle = TINY.decode(SpeedReference.middle(TINY));
        assertEquals(12, middle.resolution());
        assertEquals(List.of(2, 2), middle.depths());
        assertEquals(List.of(List.of(5, 5), List.of(5, 5)), middle.kernels());
        assertEquals(List.of(List.of(3, 3), List.of(3, 3)), middle.expandRatios());
    }

    @Test
    @SuppressWarnings("try")
    void theBaselineIsTheMedianOfRecordedPassesOnly() {
        try (NDManager manager = NDManager.newBaseManager(); NoGrad ignored = NoGrad.enter();
             SpeedReference reference = new SpeedReference(TINY, 2, manager)) {
            assertThrows(IllegalStateException.class, reference::baselineMs);
            reference.warm();
            assertThrows(IllegalStateException.class, reference::baselineMs, "warm-up passes are not recorded");
            double[] passes = {reference.pass(), reference.pass(), reference.pass()};
            assertTrue(passes[0] > 0 && passes[1] > 0 && passes[2] > 0);
            assertEquals(Timing.median(passes), reference.baselineMs(), 1e-12);
        }
    }

    @Test
    void theMiddleRoundIsKeptAndScaledBackToMilliseconds() {
        Timing slow = new Timing(3.0, 2.5, 4.0);
        Timing typical = new Timing(2.0, 1.8, 2.4);
        Timing fast = new Timing(1.0, 0.9, 1.2);
        assertEquals(typical, Timing.middle(List.of(slow, fast, typical)));
        assertEquals(fast, Timing.middle(List.of(slow, fast)), "the lower middle of an even count");
        assertEquals(new Timing(4.0, 3.6, 4.8), typical.scaled(2.0));
        assertThrows(IllegalArgumentException.class, () -> Timing.middle(List.of()));
    }

    @Test
    void validationMeasuresEverySampledNetworkTwoWays() {
        LatencyTable table = TinySpaces.table(TINY, "cpu", List.of(1), key -> 0.25);
        TableValidation.Result result = new TableValidation(6, 3, 1, 1, 3, 2).run(TINY, table, ComputeDevice.CPU, p -> { });
        assertEquals(6, result.points().size());
        assertEquals(6, result.points().stream().map(TableValidation.Point::archKey).distinct().count());
        for (TableValidation.Point p : result.points()) {
            assertEquals(table.predict(TINY.shape(TINY.parse(p.archKey())), 1), p.predictedMs(), 1e-12);
            assertTrue(p.measuredMs() > 0 && p.rawMs() > 0, p.toString());
        }
        assertTrue(Double.isFinite(result.agreement().mape()) && Double.isFinite(result.rawAgreement().mape()));
    }
}
