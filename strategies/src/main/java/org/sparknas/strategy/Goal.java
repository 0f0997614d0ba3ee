package org.sparknas.strategy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a search is for, as data: the objectives (one or more), the constraints, and an optional
 * scalar reward. Multi-objective strategies use {@link #minimized(Trial)}; single-objective
 * strategies use {@link #fitness(Trial)}; both compare infeasible trials by {@link #violation(Trial)}.
 */
public record Goal(List<Objective> objectives, List<Constraint> constraints, Optional<MnasReward> reward) {

    public Goal {
        objectives = List.copyOf(objectives);
        constraints = List.copyOf(constraints);
        if (objectives.isEmpty() && reward.isEmpty()) {
            throw new IllegalArgumentException("a search needs at least one objective (e.g. 'max accuracy')");
        }
    }

    public static Goal of(Objective... objectives) {
        return new Goal(List.of(objectives), List.of(), Optional.empty());
    }

    public Goal withConstraints(List<Constraint> more) {
        List<Constraint> all = new ArrayList<>(constraints);
        all.addAll(more);
        return new Goal(objectives, all, reward);
    }

    /** The objective values of {@code trial}, each turned into one to minimise. */
    public double[] minimized(Trial trial) {
        double[] v = new double[objectives.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = objectives.get(i).toMinimized(trial);
        }
        return v;
    }

    /** Larger is better: the reward when one is set, else the first objective (negated when minimised). */
    public double fitness(Trial trial) {
        if (reward.isPresent()) {
            return reward.get().value(trial);
        }
        return -objectives.get(0).toMinimized(trial);
    }

    /** Sum of the constraint violations; 0 for a feasible trial. */
    public double violation(Trial trial) {
        double total = 0;
        for (Constraint c : constraints) {
            total += c.violation(trial.metrics());
        }
        return total;
    }

    /** Every metric the goal reads, for checking against what an evaluator produces before a run. */
    public Set<String> metrics() {
        Set<String> names = new TreeSet<>();
        objectives.forEach(o -> names.add(o.metric()));
        constraints.forEach(c -> names.add(c.metric()));
        reward.ifPresent(r -> {
            names.add(r.accuracyMetric());
            names.add(r.latencyMetric());
        });
        return names;
    }
}
