package org.sparknas.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.sparknas.pareto.Hypervolume;
import org.sparknas.pareto.NonDominatedSort;
import org.sparknas.space.SearchSpace;
import org.sparknas.strategy.CostEstimator;
import org.sparknas.strategy.Direction;
import org.sparknas.strategy.Goal;
import org.sparknas.strategy.Metrics;
import org.sparknas.strategy.Objective;

/**
 * The hypervolume of a run's feasible trials in its own objectives (1 to 3 of them; a run driven
 * by a reward alone is judged by accuracy, as its Pareto table is), on a scale that does not move
 * during the run, so that values of successive generations compare: accuracy maps to
 * {@code 1 - accuracy}; a cost the search's estimator knows (MACs, parameters, table latency) is
 * divided by the largest architecture's cost; any other objective is scaled by the extent of the
 * first feasible trials seen. Reference point 1.1 per objective.
 *
 * <p>The scale is stored with the run ({@link #scale()}), and whoever reads the run rebuilds the
 * indicator from it ({@link #onScale}): the report does not know the latency tables and must not
 * calibrate again, or it would print another number than the search did. The volume is always
 * that of the non-dominated feasible points, so that the search (over all trials) and a trace
 * (over the front so far) add the same points in the same order and give the same double.
 */
public final class HypervolumeIndicator {

    public static final double REFERENCE = 1.1;

    private final Goal goal;
    private final double[] lo;
    private final double[] hi;
    private boolean calibrated;

    private HypervolumeIndicator(Goal goal, double[] lo, double[] hi, boolean calibrated) {
        this.goal = goal;
        this.lo = lo;
        this.hi = hi;
        this.calibrated = calibrated;
    }

    /** The search's indicator: fixed bounds where the estimator knows the cost, the rest calibrated on first use. */
    public HypervolumeIndicator(Goal goal, SearchSpace space, CostEstimator estimator) {
        this(judged(goal), new double[judged(goal).objectives().size()], new double[judged(goal).objectives().size()], true);
        for (int i = 0; i < lo.length; i++) {
            Objective o = this.goal.objectives().get(i);
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

    /** The indicator of a run on the scale it stored; refused when the scale is not one of these objectives. */
    public static HypervolumeIndicator onScale(Goal goal, HypervolumeScale scale) {
        Goal judged = judged(goal);
        List<Objective> objectives = judged.objectives();
        if (scale.size() != objectives.size()) {
            throw new IllegalArgumentException("a hypervolume scale of " + scale.size() + " objective(s) for the "
                    + objectives.size() + " objective(s) " + objectives);
        }
        double[] lo = new double[objectives.size()];
        double[] hi = new double[objectives.size()];
        for (int i = 0; i < lo.length; i++) {
            Direction d = objectives.get(i).direction();
            lo[i] = d.toMinimized(scale.ideal().get(i));
            hi[i] = d.toMinimized(scale.nadir().get(i));
        }
        return new HypervolumeIndicator(judged, lo, hi, true);
    }

    /** The objectives a hypervolume is taken over: the goal's, or accuracy for a goal by reward alone. */
    public static Goal judged(Goal goal) {
        return goal.objectives().isEmpty()
                ? new Goal(List.of(Objective.maximize(Metrics.ACCURACY)), goal.constraints(), Optional.empty())
                : new Goal(goal.objectives(), goal.constraints(), Optional.empty());
    }

    /** Whether a hypervolume can be given for this goal (1 to 3 objectives). */
    public boolean applies() {
        int m = goal.objectives().size();
        return m >= 1 && m <= 3;
    }

    /** The scale, in the metrics' own units; empty until it is fixed (an objective calibrated on trials not seen yet). */
    public Optional<HypervolumeScale> scale() {
        if (!calibrated || !applies()) {
            return Optional.empty();
        }
        List<Double> ideal = new ArrayList<>(lo.length);
        List<Double> nadir = new ArrayList<>(lo.length);
        for (int i = 0; i < lo.length; i++) {
            Direction d = goal.objectives().get(i).direction();
            // + 0.0 turns the -0.0 of a negated 0 into 0.0, so that equal scales are equal records
            ideal.add(d.toMinimized(lo[i]) + 0.0);
            nadir.add(d.toMinimized(hi[i]) + 0.0);
        }
        return Optional.of(new HypervolumeScale(ideal, nadir));
    }

    /** Successful, with every metric the objectives and constraints read, and inside every constraint. */
    public boolean feasible(TrialRecord t) {
        return t.trial().isOk() && t.trial().metrics().keySet().containsAll(goal.metrics()) && goal.violation(t.trial()) == 0;
    }

    /** The normalised hypervolume of the feasible trials; NaN when it does not apply or none is feasible. */
    public double of(List<TrialRecord> trials) {
        List<double[]> points = points(trials);
        if (!applies() || points.isEmpty()) {
            return Double.NaN;
        }
        calibrateOnce(points);
        return volume(NonDominatedSort.nonDominated(points));
    }

    /** A hypervolume kept generation by generation: only the front so far is carried from one to the next. */
    public Running running() {
        return new Running();
    }

    /** See {@link #running()}. */
    public final class Running {

        private List<double[]> front = List.of();

        private Running() {
        }

        /** Adds one generation's trials; returns the hypervolume of all trials added so far (NaN while none is feasible). */
        public double add(List<TrialRecord> generation) {
            List<double[]> points = points(generation);
            if (!applies() || (points.isEmpty() && front.isEmpty())) {
                return Double.NaN;
            }
            calibrateOnce(points);
            List<double[]> all = new ArrayList<>(front);
            all.addAll(points);
            front = NonDominatedSort.nonDominated(all);
            return volume(front);
        }
    }

    private List<double[]> points(List<TrialRecord> trials) {
        List<double[]> points = new ArrayList<>();
        if (applies()) {
            for (TrialRecord t : trials) {
                if (feasible(t)) {
                    points.add(goal.minimized(t.trial()));
                }
            }
        }
        return points;
    }

    private double volume(List<double[]> front) {
        List<double[]> normalized = new ArrayList<>(front.size());
        for (double[] p : front) {
            double[] n = new double[p.length];
            for (int i = 0; i < p.length; i++) {
                double extent = hi[i] - lo[i];
                n[i] = extent > 0 ? (p[i] - lo[i]) / extent : p[i] - lo[i];
            }
            normalized.add(n);
        }
        double[] reference = new double[lo.length];
        Arrays.fill(reference, REFERENCE);
        return Hypervolume.of(normalized, reference);
    }

    /** Fixes the bounds not known in advance to the extent of the first feasible points seen. */
    private void calibrateOnce(List<double[]> points) {
        if (calibrated) {
            return;
        }
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
