package org.sparknas.pareto;

import java.util.ArrayList;
import java.util.List;

/**
 * Deb et al.'s fast non-dominated sort (NSGA-II, 2002) for any number of minimised objectives:
 * O(M N^2) comparisons, which is nothing next to one network evaluation.
 */
public final class NonDominatedSort {

    private NonDominatedSort() {
    }

    /**
     * The fronts of {@code points}: front 0 is the non-dominated set, front 1 what is
     * non-dominated once front 0 is removed, and so on. Each front lists indices into
     * {@code points} in increasing order, so the result does not depend on hash order.
     */
    public static List<List<Integer>> fronts(List<double[]> points) {
        int n = points.size();
        List<List<Integer>> dominated = new ArrayList<>(n);
        int[] dominatedBy = new int[n];
        List<Integer> current = new ArrayList<>();
        for (int p = 0; p < n; p++) {
            dominated.add(new ArrayList<>());
        }
        for (int p = 0; p < n; p++) {
            for (int q = p + 1; q < n; q++) {
                if (Dominance.dominates(points.get(p), points.get(q))) {
                    dominated.get(p).add(q);
                    dominatedBy[q]++;
                } else if (Dominance.dominates(points.get(q), points.get(p))) {
                    dominated.get(q).add(p);
                    dominatedBy[p]++;
                }
            }
        }
        for (int p = 0; p < n; p++) {
            if (dominatedBy[p] == 0) {
                current.add(p);
            }
        }
        List<List<Integer>> fronts = new ArrayList<>();
        while (!current.isEmpty()) {
            fronts.add(current);
            List<Integer> next = new ArrayList<>();
            for (int p : current) {
                for (int q : dominated.get(p)) {
                    if (--dominatedBy[q] == 0) {
                        next.add(q);
                    }
                }
            }
            next.sort(null);
            current = next;
        }
        return fronts;
    }

    /**
     * Front 0 of {@link #fronts} (the same indices, increasing) without sorting the rest: each point
     * is checked against the non-dominated points so far only, which a report over thousands of
     * trials needs, with a front of tens.
     */
    public static List<Integer> firstFront(List<double[]> points) {
        List<Integer> front = new ArrayList<>();
        for (int p = 0; p < points.size(); p++) {
            double[] point = points.get(p);
            boolean dominated = false;
            for (int f : front) {
                if (Dominance.dominates(points.get(f), point)) {
                    dominated = true;
                    break;
                }
            }
            if (!dominated) {
                front.removeIf(f -> Dominance.dominates(point, points.get(f)));
                front.add(p);
            }
        }
        return front;
    }

    /** The rank (front index) of every point. */
    public static int[] ranks(List<double[]> points) {
        int[] ranks = new int[points.size()];
        List<List<Integer>> fronts = fronts(points);
        for (int f = 0; f < fronts.size(); f++) {
            for (int p : fronts.get(f)) {
                ranks[p] = f;
            }
        }
        return ranks;
    }

    /**
     * The non-dominated points of {@code points} (duplicates of a non-dominated point are all
     * kept). Two objectives take an O(N log N) sweep, so that the front of a whole tabular
     * benchmark (tens of thousands of rows) is immediate.
     */
    public static List<double[]> nonDominated(List<double[]> points) {
        List<double[]> front = new ArrayList<>();
        if (points.isEmpty()) {
            return front;
        }
        if (points.get(0).length == 2) {
            List<double[]> sorted = new ArrayList<>(points);
            sorted.sort(java.util.Comparator.<double[]>comparingDouble(p -> p[0]).thenComparingDouble(p -> p[1]));
            double[] last = null;
            for (double[] p : sorted) {
                if (p.length != 2) {
                    throw new IllegalArgumentException("a " + p.length + "-objective point among 2-objective points");
                }
                if (last == null || p[1] < last[1] || (p[0] == last[0] && p[1] == last[1])) {
                    front.add(p);
                    last = p;
                }
            }
            return front;
        }
        for (int p : fronts(points).get(0)) {
            front.add(points.get(p));
        }
        return front;
    }
}
