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
     * The round with the middle median (the lower middle of an even count): a burst of other work that
     * outlasts a round moves that round, not the result, whether it slowed the work or its reference.
     */
    public static Timing middle(List<Timing> rounds) {
        if (rounds.isEmpty()) {
            throw new IllegalArgumentException("no rounds");
        }
        List<Timing> sorted = rounds.stream().sorted(Comparator.comparingDouble(Timing::medianMs)).toList();
        return sorted.get((sorted.size() - 1) / 2);
    }

    /** This timing with every figure multiplied by {@code factor} (a ratio to a reference, back to ms). */
    public Timing scaled(double factor) {
        return new Timing(medianMs * factor, p10Ms * factor, p90Ms * factor);
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
