package org.sparknas.latency;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** Summary of repeated measurements of one thing, in milliseconds. */
public record Timing(double medianMs, double p10Ms, double p90Ms) {

    /** The median and the 10th/90th percentiles (nearest rank) of {@code samplesMs}. */
    public static Timing of(double[] samplesMs) {
        if (samplesMs.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        double[] sorted = samplesMs.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return new Timing(median(sorted), sorted[rank(0.1, n)], sorted[rank(0.9, n)]);
    }

    /**
     * The round with the smallest median. On a shared machine other work only ever adds time, so of
     * several rounds (each robust to single spikes by its median) the fastest is the one least
     * disturbed by bursts that outlast a round; benchmarks take the fastest repetition for this reason.
     */
    public static Timing fastest(List<Timing> rounds) {
        return rounds.stream().min(Comparator.comparingDouble(Timing::medianMs))
                .orElseThrow(() -> new IllegalArgumentException("no rounds"));
    }

    /** The median of {@code values} (the mean of the middle two for an even count). */
    public static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static int rank(double quantile, int n) {
        return Math.min(n - 1, Math.max(0, (int) Math.ceil(quantile * n) - 1));
    }
}
