package org.sparknas.report;

import org.sparknas.strategy.Goal;
import org.sparknas.strategy.Trial;

/**
 * Which trials a goal can judge. A trial reused from another run may lack a metric this run's
 * goal reads (a latency its origin had no table for); it is left out of fronts and hypervolumes
 * instead of stopping the report.
 */
final class GoalCheck {

    private GoalCheck() {
    }

    /** Successful, with every metric the goal's objectives and constraints read. */
    static boolean measured(Goal goal, Trial trial) {
        return trial.isOk() && trial.metrics().keySet().containsAll(goal.metrics());
    }

    /** Measured, and inside every constraint. */
    static boolean feasible(Goal goal, Trial trial) {
        return measured(goal, trial) && goal.violation(trial) == 0;
    }
}
