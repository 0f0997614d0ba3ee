package org.sparknas.pareto;

import java.util.List;

/**
 * Inverted generational distance: the mean, over the points of a reference front (usually the
 * true Pareto front), of the Euclidean distance to the nearest point of an approximation. 0 when
 * the approximation contains the reference front. Normalise both sets first (see
 * {@link Normalization}) when the objectives have different scales.
 */
public final class Igd {

    private Igd() {
    }

    public static double of(List<double[]> reference, List<double[]> approximation) {
        if (reference.isEmpty()) {
            throw new IllegalArgumentException("IGD needs a non-empty reference front");
        }
        if (approximation.isEmpty()) {
            return Double.POSITIVE_INFINITY;
        }
        double total = 0;
        for (double[] r : reference) {
            double nearest = Double.POSITIVE_INFINITY;
            for (double[] a : approximation) {
                nearest = Math.min(nearest, distance(r, a));
            }
            total += nearest;
        }
        return total / reference.size();
    }

    private static double distance(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("a " + a.length + "-objective point against a " + b.length + "-objective point");
        }
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            sum += d * d;
        }
        return Math.sqrt(sum);
    }
}
