package org.sparknas.pareto;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Exact hypervolume of a set of minimised points with respect to a reference point: the measure
 * of the region dominated by at least one point and bounded by the reference point. Points that
 * do not strictly beat the reference point in every objective add nothing. Implemented exactly
 * for 1, 2 and 3 objectives (a sweep, and slices of 2-D sweeps along the third objective), which
 * is what search reports need; more objectives are refused rather than approximated silently.
 */
public final class Hypervolume {

    private Hypervolume() {
    }

    public static double of(List<double[]> points, double[] reference) {
        List<double[]> inside = new ArrayList<>();
        for (double[] p : points) {
            if (p.length != reference.length) {
                throw new IllegalArgumentException("a " + p.length + "-objective point against a " + reference.length
                        + "-objective reference point");
            }
            if (strictlyInside(p, reference)) {
                inside.add(p);
            }
        }
        return switch (reference.length) {
            case 1 -> inside.stream().mapToDouble(p -> reference[0] - p[0]).max().orElse(0);
            case 2 -> twoD(inside, reference[0], reference[1]);
            case 3 -> threeD(inside, reference);
            default -> throw new IllegalArgumentException("exact hypervolume is implemented for 1 to 3 objectives, not "
                    + reference.length);
        };
    }

    private static boolean strictlyInside(double[] p, double[] reference) {
        for (int i = 0; i < p.length; i++) {
            if (!(p[i] < reference[i])) {
                return false;
            }
        }
        return true;
    }

    /** Sweep in increasing x: each point adds the strip between its y and the best y so far. */
    private static double twoD(List<double[]> points, double refX, double refY) {
        List<double[]> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.<double[]>comparingDouble(p -> p[0]).thenComparingDouble(p -> p[1]));
        double volume = 0;
        double bestY = refY;
        for (double[] p : sorted) {
            if (p[1] < bestY) {
                volume += (refX - p[0]) * (bestY - p[1]);
                bestY = p[1];
            }
        }
        return volume;
    }

    /** Slices between consecutive z values: each slice's area is the 2-D volume of the points below it. */
    private static double threeD(List<double[]> points, double[] reference) {
        List<double[]> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.comparingDouble(p -> p[2]));
        double volume = 0;
        List<double[]> below = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            below.add(sorted.get(i));
            double nextZ = i + 1 < sorted.size() ? sorted.get(i + 1)[2] : reference[2];
            double thickness = nextZ - sorted.get(i)[2];
            if (thickness > 0) {
                volume += twoD(below, reference[0], reference[1]) * thickness;
            }
        }
        return volume;
    }
}
