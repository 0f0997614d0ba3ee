package org.sparknas.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sparknas.store.ParetoRecord;
import org.sparknas.strategy.Goal;
import org.sparknas.strategy.Objective;

/**
 * The objective sets a run's plots are drawn for: the run's own objectives first, then every
 * other set its Pareto table holds (accuracy against each latency, and against MACs).
 */
final class ObjectiveSets {

    private ObjectiveSets() {
    }

    static Map<String, List<Objective>> of(Goal goal, List<ParetoRecord> pareto) {
        Map<String, List<Objective>> sets = new LinkedHashMap<>();
        sets.put(RunGoal.setName(goal.objectives()), goal.objectives());
        for (ParetoRecord row : pareto) {
            sets.computeIfAbsent(row.objectiveSet(), ObjectiveSets::parse);
        }
        return sets;
    }

    /** The objectives of a set name such as {@code "max accuracy, min latency_cpu_b1"}. */
    static List<Objective> parse(String name) {
        List<Objective> objectives = new ArrayList<>();
        for (String part : name.split(",")) {
            objectives.add(Objective.parse(part));
        }
        return objectives;
    }

    /** Every pair of a set's objectives, in the set's order; a 2-objective set is one pair. */
    static List<AxisPair> pairs(List<Objective> set) {
        List<AxisPair> pairs = new ArrayList<>();
        for (int i = 0; i < set.size(); i++) {
            for (int j = i + 1; j < set.size(); j++) {
                pairs.add(AxisPair.of(set.get(i), set.get(j)));
            }
        }
        return pairs;
    }
}
