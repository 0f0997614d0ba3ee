package org.sparknas.pareto;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * NSGA-II's crowding distance within one front: per objective, the gap between a point's two
 * neighbours divided by the front's extent in that objective, summed over objectives. The
 * extreme points of every objective get infinity, so that selection keeps a front's ends.
 */
public final class CrowdingDistance {

    private CrowdingDistance() {
    }

    public static double[] of(List<double[]> front) {
        int n = front.size();
        double[] distance = new double[n];
        if (n == 0) {
            return distance;
        }
        if (n <= 2) {
            Arrays.fill(distance, Double.POSITIVE_INFINITY);
            return distance;
        }
        int objectives = front.get(0).length;
        for (int m = 0; m < objectives; m++) {
            final int objective = m;
            // Ties broken by index, so equal points get a deterministic order.
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> front.get(i)[objective]).thenComparingInt(i -> i));
            double lo = front.get(order[0])[objective];
            double hi = front.get(order[n - 1])[objective];
            distance[order[0]] = Double.POSITIVE_INFINITY;
            distance[order[n - 1]] = Double.POSITIVE_INFINITY;
            if (hi == lo) {
                continue;
            }
            for (int k = 1; k < n - 1; k++) {
                double gap = front.get(order[k + 1])[objective] - front.get(order[k - 1])[objective];
                distance[order[k]] += gap / (hi - lo);
            }
        }
        return distance;
    }
}
