package org.sparknas.latency;

import java.io.Serializable;

/**
 * One measured layer: the median of the repeats (what predictions sum), and the 10th and 90th
 * percentiles, which show how noisy the measurement was.
 */
public record LatencyEntry(LayerKey key, int batch, double medianMs, double p10Ms, double p90Ms) implements Serializable {

    public LatencyEntry {
        if (batch <= 0) {
            throw new IllegalArgumentException("batch must be positive, got " + batch);
        }
        if (!(medianMs >= 0) || !Double.isFinite(medianMs)) {
            throw new IllegalArgumentException("latency of " + key + " must be a finite non-negative number, got " + medianMs);
        }
    }

    public static LatencyEntry of(LayerKey key, int batch, Timing timing) {
        return new LatencyEntry(key, batch, timing.medianMs(), timing.p10Ms(), timing.p90Ms());
    }
}
