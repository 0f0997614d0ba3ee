package org.sparknas.bench;

import java.util.ArrayList;
import java.util.List;
import org.sparknas.pareto.Hypervolume;
import org.sparknas.pareto.NonDominatedSort;
import org.sparknas.pareto.Normalization;

/**
 * The scoring protocol's "tight hypervolume fraction": both objectives normalised to [0, 1] by
 * the extent of the true Pareto front (accuracy as {@code 1 - normalised accuracy}, so both are
 * minimised), reference point (1.1, 1.1), and the hypervolume of the points found divided by the
 * true front's. 1.0 means the true front (or something as good) was found.
 */
public final class TightHypervolume {

    public static final double REFERENCE = 1.1;

    private final List<double[]> trueFront;
    private final Normalization normalization;
    private final double trueVolume;

    /** @param trueFront the true Pareto front as (-accuracy, cost) points */
    public TightHypervolume(List<double[]> trueFront) {
        if (trueFront.isEmpty()) {
            throw new IllegalArgumentException("the true front is empty");
        }
        this.trueFront = List.copyOf(trueFront);
        this.normalization = Normalization.extentOf(trueFront);
        this.trueVolume = raw(trueFront);
        if (!(trueVolume > 0)) {
            throw new IllegalArgumentException("the true front has no hypervolume");
        }
    }

    /** The true front of {@code task} over every row of {@code table}. */
    public static TightHypervolume of(TabularBenchmark table, BenchTask task) {
        task.checkAgainst(table);
        double[] acc = table.column(task.accuracy());
        double[] cost = table.column(task.cost());
        List<double[]> points = new ArrayList<>(acc.length);
        for (int i = 0; i < acc.length; i++) {
            points.add(BenchTask.minimized(acc[i], cost[i]));
        }
        return new TightHypervolume(NonDominatedSort.nonDominated(points));
    }

    public List<double[]> trueFront() {
        return trueFront;
    }

    /** The hypervolume of the true front in normalised space. */
    public double trueVolume() {
        return trueVolume;
    }

    /** The fraction of the true front's hypervolume that {@code points} ((-accuracy, cost) each) reach. */
    public double fraction(List<double[]> points) {
        return raw(points) / trueVolume;
    }

    private double raw(List<double[]> points) {
        return Hypervolume.of(normalization.apply(points), new double[] {REFERENCE, REFERENCE});
    }
}
