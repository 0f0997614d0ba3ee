package org.sparknas.strategy;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Turns told trials into {@link Scored} values for a {@link Goal}. A metric the goal needs but the
 * trial lacks is taken from the {@link CostEstimator} (an evaluator need not repeat MACs or a
 * lookup-table latency the driver can compute); a metric neither has is an error that names it.
 */
final class Scoring {

    private final Goal goal;
    private final CostEstimator estimator;
    private final Set<String> needed;

    Scoring(Goal goal, CostEstimator estimator) {
        this.goal = goal;
        this.estimator = estimator;
        this.needed = goal.metrics();
    }

    Goal goal() {
        return goal;
    }

    /** Scores an {@link TrialStatus#OK} trial; {@code order} is its position among all told trials. */
    Scored score(Trial trial, long order) {
        if (!trial.isOk()) {
            throw new IllegalArgumentException("a failed trial has no score: " + trial.architecture().key());
        }
        Trial complete = trial.metrics().keySet().containsAll(needed) ? trial : withEstimates(trial);
        double fitness = goal.fitness(complete);
        // A goal with only a scalar reward gives multi-objective strategies that reward to minimise.
        double[] objectives = goal.objectives().isEmpty() ? new double[] {-fitness} : goal.minimized(complete);
        return new Scored(trial, objectives, fitness, goal.violation(complete), order);
    }

    private Trial withEstimates(Trial trial) {
        Map<String, Double> merged = new HashMap<>(estimator.estimate(trial.architecture()));
        merged.putAll(trial.metrics());
        return new Trial(trial.architecture(), trial.fidelity(), merged, trial.status(), trial.error());
    }
}
