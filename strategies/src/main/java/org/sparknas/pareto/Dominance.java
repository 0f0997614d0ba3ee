package org.sparknas.pareto;

/**
 * Pareto dominance between objective vectors, every objective minimised (turn a maximised
 * objective into a minimised one by negating it, as {@code Goal.minimized} does).
 */
public final class Dominance {

    private Dominance() {
    }

    /** Whether {@code a} is no worse than {@code b} in every objective and better in at least one. */
    public static boolean dominates(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("cannot compare a " + a.length + "-objective point with a "
                    + b.length + "-objective point");
        }
        boolean better = false;
        for (int i = 0; i < a.length; i++) {
            if (a[i] > b[i]) {
                return false;
            }
            if (a[i] < b[i]) {
                better = true;
            }
        }
        return better;
    }

    /** Whether {@code a} is no worse than {@code b} in every objective (dominates or equals). */
    public static boolean weaklyDominates(double[] a, double[] b) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] > b[i]) {
                return false;
            }
        }
        return true;
    }
}
