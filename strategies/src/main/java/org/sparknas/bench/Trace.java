package org.sparknas.bench;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.sparknas.space.Architecture;

/**
 * What one strategy run queried, in order: per query the architecture and its accuracy and cost
 * (NaN when the table had no row for it). Every query counts, repeats included, which is what
 * the budgets are measured in.
 */
public record Trace(List<Architecture> queried, double[] accuracy, double[] cost) {

    public Trace {
        queried = List.copyOf(queried);
        if (accuracy.length != queried.size() || cost.length != queried.size()) {
            throw new IllegalArgumentException("one accuracy and one cost per query");
        }
        accuracy = accuracy.clone();
        cost = cost.clone();
    }

    @Override
    public double[] accuracy() {
        return accuracy.clone();
    }

    @Override
    public double[] cost() {
        return cost.clone();
    }

    public int queries() {
        return queried.size();
    }

    /** The (-accuracy, cost) points of the first {@code budget} queries that found a row. */
    public List<double[]> points(int budget) {
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < Math.min(budget, queries()); i++) {
            if (!Double.isNaN(accuracy[i])) {
                out.add(BenchTask.minimized(accuracy[i], cost[i]));
            }
        }
        return out;
    }

    /** The best accuracy among the first {@code budget} queries (NaN when none found a row). */
    public double bestAccuracy(int budget) {
        double best = Double.NaN;
        for (int i = 0; i < Math.min(budget, queries()); i++) {
            if (!Double.isNaN(accuracy[i]) && !(accuracy[i] <= best)) {
                best = accuracy[i];
            }
        }
        return best;
    }

    /** How many of the first {@code budget} queries repeated an earlier one. */
    public int repeats(int budget) {
        Set<Architecture> seen = new HashSet<>();
        int repeats = 0;
        for (int i = 0; i < Math.min(budget, queries()); i++) {
            if (!seen.add(queried.get(i))) {
                repeats++;
            }
        }
        return repeats;
    }

    /** The 1-based query at which accuracy {@code target} (or more) was first reached, or 0 if never. */
    public int firstReaching(double target) {
        for (int i = 0; i < queries(); i++) {
            if (accuracy[i] >= target) {
                return i + 1;
            }
        }
        return 0;
    }
}
