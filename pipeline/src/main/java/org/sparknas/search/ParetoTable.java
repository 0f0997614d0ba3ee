package org.sparknas.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sparknas.pareto.NonDominatedSort;
import org.sparknas.store.ParetoRecord;
import org.sparknas.store.TrialRecord;
import org.sparknas.strategy.Goal;
import org.sparknas.strategy.Metrics;
import org.sparknas.strategy.Objective;

/**
 * The rows of a run's {@code pareto} table: for each objective set, the successful, feasible
 * trials of the first {@link #RANKS} non-dominated fronts. The objective sets are the run's own
 * objectives, and accuracy against every latency metric the trials carry, so one evaluation pass
 * gives a front per device.
 */
final class ParetoTable {

    static final int RANKS = 3;

    private final Goal goal;

    ParetoTable(Goal goal) {
        this.goal = goal;
    }

    List<ParetoRecord> rows(String runId, List<TrialRecord> trials) {
        List<TrialRecord> feasible = feasible(trials);
        List<ParetoRecord> rows = new ArrayList<>();
        for (List<Objective> set : objectiveSets(feasible)) {
            String name = String.join(", ", set.stream().map(Objective::toString).toList());
            List<double[]> points = feasible.stream().map(t -> minimized(set, t)).toList();
            List<List<Integer>> fronts = NonDominatedSort.fronts(points);
            for (int rank = 0; rank < Math.min(RANKS, fronts.size()); rank++) {
                List<Integer> front = new ArrayList<>(fronts.get(rank));
                front.sort(Comparator.comparingLong(i -> feasible.get(i).trialId()));
                for (int i : front) {
                    TrialRecord t = feasible.get(i);
                    rows.add(new ParetoRecord(runId, name, rank + 1, t.trialId(), t.generation(), t.archKey(),
                            t.trial().metrics()));
                }
            }
        }
        return rows;
    }

    /** The Pareto front (rank 1) of the run's own objectives, ordered by the first objective. */
    List<TrialRecord> front(List<TrialRecord> trials) {
        List<TrialRecord> feasible = feasible(trials);
        if (feasible.isEmpty()) {
            return List.of();
        }
        List<Objective> set = goal.objectives().isEmpty() ? List.of(Objective.maximize(Metrics.ACCURACY)) : goal.objectives();
        List<double[]> points = feasible.stream().map(t -> minimized(set, t)).toList();
        List<TrialRecord> front = new ArrayList<>(NonDominatedSort.fronts(points).get(0).stream().map(feasible::get).toList());
        front.sort(Comparator.comparingDouble((TrialRecord t) -> minimized(set, t)[0]).thenComparingLong(TrialRecord::trialId));
        return front;
    }

    private List<TrialRecord> feasible(List<TrialRecord> trials) {
        return trials.stream().filter(t -> t.trial().isOk() && goal.violation(t.trial()) == 0).toList();
    }

    private List<List<Objective>> objectiveSets(List<TrialRecord> feasible) {
        Map<String, List<Objective>> sets = new LinkedHashMap<>();
        if (!goal.objectives().isEmpty()) {
            sets.put(goal.objectives().toString(), goal.objectives());
        }
        if (!feasible.isEmpty() && feasible.get(0).trial().metrics().containsKey(Metrics.ACCURACY)) {
            for (String metric : feasible.get(0).trial().metrics().keySet().stream().sorted().toList()) {
                if (metric.startsWith("latency_") || metric.equals(Metrics.MACS)) {
                    List<Objective> set = List.of(Objective.maximize(Metrics.ACCURACY), Objective.minimize(metric));
                    sets.putIfAbsent(set.toString(), set);
                }
            }
        }
        return new ArrayList<>(sets.values());
    }

    private static double[] minimized(List<Objective> set, TrialRecord t) {
        double[] v = new double[set.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = set.get(i).toMinimized(t.trial());
        }
        return v;
    }
}
