package org.sparknas.pareto;

import java.util.List;

/**
 * An affine map of minimised objective vectors onto [0, 1] per objective, {@code (v - lo) / (hi - lo)};
 * an objective with no extent ({@code hi == lo}) is only shifted, so that it cannot divide by zero.
 */
public record Normalization(double[] lo, double[] hi) {

    public Normalization {
        if (lo.length != hi.length) {
            throw new IllegalArgumentException("bounds of different lengths: " + lo.length + " and " + hi.length);
        }
        lo = lo.clone();
        hi = hi.clone();
    }

    @Override
    public double[] lo() {
        return lo.clone();
    }

    @Override
    public double[] hi() {
        return hi.clone();
    }

    /** The bounds spanned by {@code points} (e.g. the true Pareto front, for a "tight" hypervolume). */
    public static Normalization extentOf(List<double[]> points) {
        if (points.isEmpty()) {
            throw new IllegalArgumentException("cannot take the extent of no points");
        }
        int m = points.get(0).length;
        double[] lo = new double[m];
        double[] hi = new double[m];
        java.util.Arrays.fill(lo, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(hi, Double.NEGATIVE_INFINITY);
        for (double[] p : points) {
            for (int i = 0; i < m; i++) {
                lo[i] = Math.min(lo[i], p[i]);
                hi[i] = Math.max(hi[i], p[i]);
            }
        }
        return new Normalization(lo, hi);
    }

    public double[] apply(double[] point) {
        double[] out = new double[point.length];
        for (int i = 0; i < point.length; i++) {
            double range = hi[i] - lo[i];
            out[i] = (point[i] - lo[i]) / (range > 0 ? range : 1);
        }
        return out;
    }

    public List<double[]> apply(List<double[]> points) {
        return points.stream().map(this::apply).toList();
    }
}
