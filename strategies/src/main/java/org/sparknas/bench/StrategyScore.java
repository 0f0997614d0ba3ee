package org.sparknas.bench;

import java.util.Arrays;
import java.util.List;

/**
 * One strategy's result over all seeds: per budget the tight-hypervolume fraction and the best
 * accuracy (mean and std over seeds), the mean number of repeated queries, and how many seeds had
 * found the table's best accuracy by then.
 *
 * @param queriesToBest per seed, the query at which the table's best accuracy was first found (0 if never)
 */
public record StrategyScore(String label, List<Budget> budgets, int[] queriesToBest) {

    /** The scores at one budget. */
    public record Budget(int queries, Stats hypervolume, Stats bestAccuracy, double repeats, int foundBest) {
    }

    public StrategyScore {
        budgets = List.copyOf(budgets);
        queriesToBest = queriesToBest.clone();
    }

    @Override
    public int[] queriesToBest() {
        return queriesToBest.clone();
    }

    public int seeds() {
        return queriesToBest.length;
    }

    public Budget at(int queries) {
        return budgets.stream().filter(b -> b.queries() == queries).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no budget of " + queries + " queries; budgets are "
                        + budgets.stream().map(Budget::queries).toList()));
    }

    /** The median over seeds of the query that first found the best accuracy; seeds that never did count as infinite. */
    public double medianQueriesToBest() {
        double[] sorted = Arrays.stream(queriesToBest).mapToDouble(q -> q == 0 ? Double.POSITIVE_INFINITY : q).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
