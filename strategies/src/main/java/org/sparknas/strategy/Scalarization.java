package org.sparknas.strategy;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * ParEGO's random scalarisation (Knowles 2006) of several objectives to minimise: each objective is
 * scaled to [0, 1] by the bounds of what has been observed, then combined by the augmented
 * Tchebycheff function {@code max_i w_i f_i + rho * sum_i w_i f_i}. A fresh weight vector per
 * proposal makes a single-objective method (a surrogate's expected improvement, a policy-gradient
 * reward) cover the whole front instead of one point of it; the max term reaches non-convex parts
 * of a front that a weighted sum cannot.
 *
 * @param weights one non-negative weight per objective, summing to 1
 */
record Scalarization(double[] weights) {

    /** ParEGO's augmentation: small, so the max term decides and the sum only breaks its ties. */
    static final double RHO = 0.05;

    Scalarization {
        weights = weights.clone();
        double sum = 0;
        for (double w : weights) {
            if (!(w >= 0) || !Double.isFinite(w)) {
                throw new IllegalArgumentException("weights must be finite and non-negative, got " + java.util.Arrays.toString(weights));
            }
            sum += w;
        }
        if (Math.abs(sum - 1) > 1e-9) {
            throw new IllegalArgumentException("weights must sum to 1, got " + sum);
        }
    }

    /** Weights drawn uniformly from the simplex (normalised exponential draws). */
    static Scalarization random(int objectives, RandomGenerator rng) {
        double[] w = new double[objectives];
        double sum = 0;
        for (int i = 0; i < objectives; i++) {
            w[i] = -Math.log(1 - rng.nextDouble());
            sum += w[i];
        }
        for (int i = 0; i < objectives; i++) {
            w[i] /= sum;
        }
        return new Scalarization(w);
    }

    /** The scalarised value (smaller is better) of objectives already scaled to [0, 1]. */
    double value(double[] scaled) {
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        for (int i = 0; i < weights.length; i++) {
            double v = weights[i] * scaled[i];
            max = Math.max(max, v);
            sum += v;
        }
        return max + RHO * sum;
    }

    /**
     * The per-objective minimum and maximum of observed objective vectors, for scaling them to
     * [0, 1]; an objective every observation shares scales to 0.
     */
    record Bounds(double[] low, double[] high) {

        static Bounds of(List<double[]> observed) {
            if (observed.isEmpty()) {
                throw new IllegalArgumentException("no observations to take bounds from");
            }
            int m = observed.get(0).length;
            double[] lo = new double[m];
            double[] hi = new double[m];
            java.util.Arrays.fill(lo, Double.POSITIVE_INFINITY);
            java.util.Arrays.fill(hi, Double.NEGATIVE_INFINITY);
            for (double[] o : observed) {
                for (int i = 0; i < m; i++) {
                    lo[i] = Math.min(lo[i], o[i]);
                    hi[i] = Math.max(hi[i], o[i]);
                }
            }
            return new Bounds(lo, hi);
        }

        double[] scale(double[] objectives) {
            double[] out = new double[objectives.length];
            for (int i = 0; i < out.length; i++) {
                double range = high[i] - low[i];
                out[i] = range > 0 ? (objectives[i] - low[i]) / range : 0;
            }
            return out;
        }
    }
}
