package org.sparknas.search;

import java.util.ArrayList;
import java.util.List;
import org.sparknas.pareto.Hypervolume;
import org.sparknas.space.SearchSpace;
import org.sparknas.store.TrialRecord;
import org.sparknas.strategy.CostEstimator;
import org.sparknas.strategy.Direction;
import org.sparknas.strategy.Goal;
import org.sparknas.strategy.Metrics;
import org.sparknas.strategy.Objective;

/**
 * The hypervolume of a run's feasible trials in its own objectives (1 to 3 of them), on a scale
 * that does not move during the run, so that values of successive generations (and of runs over
 * the same space) compare: accuracy maps to {@code 1 - accuracy}; a cost the estimator knows
 * (MACs, parameters, table latency) is divided by the largest architecture's cost; any other
 * objective is scaled by the extent of the first trials seen. Reference point 1.1 per objective.
 */
public final class HypervolumeIndicator {

    private static final double REFERENCE = 1.1;

    private final Goal goal;
    private final double[] lo;
    private final double[] hi;
    private boolean calibrated;

    public HypervolumeIndicator(Goal goal, SearchSpace space, CostEstimator estimator) {
        this.goal = goal;
        int m = goal.objectives().size();
        this.lo = new double[m];
        this.hi = new double[m];
        this.calibrated = true;
        for (int i = 0; i < m; i++) {
            Objective o = goal.objectives().get(i);
            if (o.metric().equals(Metrics.ACCURACY) && o.direction() == Direction.MAXIMIZE) {
                lo[i] = -1;
                hi[i] = 0;
            } else if (o.direction() == Direction.MINIMIZE && estimator.metrics().contains(o.metric())) {
                lo[i] = 0;
                hi[i] = estimator.estimate(space.largest()).get(o.metric());
            } else {
                lo[i] = Double.NaN;
                calibrated = false;
            }
        }
    }

    /** Whether a hypervolume can be given for this goal (1 to 3 objectives). */
    public boolean applies() {
        int m = goal.objectives().size();
        return m >= 1 && m <= 3;
    }

    /** The normalised hypervolume of the feasible, successful trials; NaN when it does not apply or none is feasible. */
    public double of(List<TrialRecord> trials) {
        if (!applies()) {
            return Double.NaN;
        }
        List<double[]> points = new ArrayList<>();
        for (TrialRecord t : trials) {
            if (t.trial().isOk() && goal.violation(t.trial()) == 0) {
                points.add(goal.minimized(t.trial()));
            }
        }
        if (points.isEmpty()) {
            return Double.NaN;
        }
        if (!calibrated) {
            calibrate(points);
        }
        List<double[]> normalized = new ArrayList<>(points.size());
        for (double[] p : points) {
            double[] n = new double[p.length];
            for (int i = 0; i < p.length; i++) {
                double extent = hi[i] - lo[i];
                n[i] = extent > 0 ? (p[i] - lo[i]) / extent : p[i] - lo[i];
            }
            normalized.add(n);
        }
        double[] reference = new double[goal.objectives().size()];
        java.util.Arrays.fill(reference, REFERENCE);
        return Hypervolume.of(normalized, reference);
    }

    private void calibrate(List<double[]> points) {
        for (int i = 0; i < lo.length; i++) {
            if (Double.isNaN(lo[i])) {
                double min = Double.POSITIVE_INFINITY;
                double max = Double.NEGATIVE_INFINITY;
                for (double[] p : points) {
                    min = Math.min(min, p[i]);
                    max = Math.max(max, p[i]);
                }
                lo[i] = min;
                hi[i] = max;
            }
        }
        calibrated = true;
    }
}
