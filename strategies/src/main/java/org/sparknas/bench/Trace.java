package org.sparknas.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.sparknas.space.Architecture;

/**
 * What one strategy run queried, in order: per query the architecture, its accuracy and cost
 * (NaN when the table had no row for it, or when the query was at the low fidelity, which adds no
 * point to the front) and what the query cost in full-query equivalents (1, or the low fidelity's
 * cost). Budgets are measured in that spend: every query counts, repeats included.
 */
public record Trace(List<Architecture> queried, double[] accuracy, double[] cost, double[] queryCost) {

    public Trace {
        queried = List.copyOf(queried);
        if (accuracy.length != queried.size() || cost.length != queried.size() || queryCost.length != queried.size()) {
            throw new IllegalArgumentException("one accuracy, one cost and one query cost per query");
        }
        accuracy = accuracy.clone();
        cost = cost.clone();
        queryCost = queryCost.clone();
    }

    /** A trace of full-fidelity queries only, each costing one. */
    public Trace(List<Architecture> queried, double[] accuracy, double[] cost) {
        this(queried, accuracy, cost, ones(queried.size()));
    }

    private static double[] ones(int n) {
        double[] out = new double[n];
        Arrays.fill(out, 1.0);
        return out;
    }

    @Override
    public double[] accuracy() {
        return accuracy.clone();
    }

    @Override
    public double[] cost() {
        return cost.clone();
    }

    @Override
    public double[] queryCost() {
        return queryCost.clone();
    }

    public int queries() {
        return queried.size();
    }

    /** How many queries fit in {@code budget} full-query equivalents (the first ones, in order). */
    public int within(double budget) {
        double spent = 0;
        for (int i = 0; i < queries(); i++) {
            spent += queryCost[i];
            if (spent > budget + 1e-9) {
                return i;
            }
        }
        return queries();
    }

    /** The (-accuracy, cost) points of the queries within {@code budget} that found a row at the full fidelity. */
    public List<double[]> points(int budget) {
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < within(budget); i++) {
            if (!Double.isNaN(accuracy[i])) {
                out.add(BenchTask.minimized(accuracy[i], cost[i]));
            }
        }
        return out;
    }

    /** The best accuracy among the queries within {@code budget} (NaN when none found a row). */
    public double bestAccuracy(int budget) {
        double best = Double.NaN;
        for (int i = 0; i < within(budget); i++) {
            if (!Double.isNaN(accuracy[i]) && !(accuracy[i] <= best)) {
                best = accuracy[i];
            }
        }
        return best;
    }

    /** How many queries within {@code budget} repeated an earlier one at the same fidelity. */
    public int repeats(int budget) {
        Set<String> seen = new HashSet<>();
        int repeats = 0;
        for (int i = 0; i < within(budget); i++) {
            if (!seen.add(queried.get(i).key() + "@" + queryCost[i])) {
                repeats++;
            }
        }
        return repeats;
    }

    /**
     * The spend (full-query equivalents, rounded up; the 1-based query number when every query costs
     * one) at which accuracy {@code target} (or more) was first reached, or 0 if never.
     */
    public int firstReaching(double target) {
        double spent = 0;
        for (int i = 0; i < queries(); i++) {
            spent += queryCost[i];
            if (accuracy[i] >= target) {
                return (int) Math.ceil(spent - 1e-9);
            }
        }
        return 0;
    }
}
