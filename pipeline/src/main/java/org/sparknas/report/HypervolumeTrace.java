package org.sparknas.report;

import java.util.ArrayList;
import java.util.List;
import org.sparknas.pareto.NonDominatedSort;
import org.sparknas.search.HypervolumeIndicator;
import org.sparknas.search.SpaceCostEstimator;
import org.sparknas.space.SearchSpace;
import org.sparknas.store.TrialRecord;
import org.sparknas.strategy.Goal;

/**
 * A run's hypervolume generation by generation, computed from its stored trials with the same
 * indicator the search prints, so the report and the search's progress lines agree.
 */
final class HypervolumeTrace {

    private HypervolumeTrace() {
    }

    /** The indicator of one goal on one space (a cost objective is scaled by the space's largest architecture). */
    static HypervolumeIndicator indicator(Goal goal, SearchSpace space) {
        return new HypervolumeIndicator(goal, space, SpaceCostEstimator.of(space));
    }

    /**
     * The hypervolume after each generation. Once the indicator has fixed its scale (on the first
     * feasible trials, as in the search), it is given only the non-dominated trials so far: the
     * dominated ones add no volume, and an exact 3-objective hypervolume over every trial of a long
     * run, generation after generation, would take minutes.
     *
     * @param trials    ordered by trial id, as the store returns them
     * @param indicator an indicator of {@code goal}
     */
    static List<HypervolumePoint> of(List<TrialRecord> trials, Goal goal, HypervolumeIndicator indicator) {
        List<HypervolumePoint> points = new ArrayList<>();
        List<TrialRecord> measured = new ArrayList<>();
        List<TrialRecord> front = new ArrayList<>();
        boolean scaled = false;
        int i = 0;
        while (i < trials.size()) {
            int generation = trials.get(i).generation();
            List<TrialRecord> feasible = new ArrayList<>(front);
            for (; i < trials.size() && trials.get(i).generation() == generation; i++) {
                TrialRecord t = trials.get(i);
                if (!scaled && GoalCheck.measured(goal, t.trial())) {
                    measured.add(t);
                }
                if (GoalCheck.feasible(goal, t.trial())) {
                    feasible.add(t);
                }
            }
            front = nonDominated(feasible, goal);
            double hv = indicator.of(scaled ? front : measured);
            scaled = scaled || !Double.isNaN(hv);
            points.add(new HypervolumePoint(generation, i, hv));
        }
        return points;
    }

    private static List<TrialRecord> nonDominated(List<TrialRecord> trials, Goal goal) {
        if (trials.isEmpty()) {
            return trials;
        }
        List<double[]> points = trials.stream().map(t -> goal.minimized(t.trial())).toList();
        return NonDominatedSort.fronts(points).get(0).stream().map(trials::get).toList();
    }
}
