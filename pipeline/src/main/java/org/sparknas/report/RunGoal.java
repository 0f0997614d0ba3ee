package org.sparknas.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.sparknas.config.ConfigException;
import org.sparknas.store.RunRecord;
import org.sparknas.strategy.Constraint;
import org.sparknas.strategy.Goal;
import org.sparknas.strategy.Metrics;
import org.sparknas.strategy.Objective;

/** The objectives and constraints a run searched under, read back from its catalog row. */
final class RunGoal {

    private RunGoal() {
    }

    /**
     * The run's goal. A run driven by a scalar reward alone stores no objectives; its trials are
     * then judged by accuracy, as the search's own Pareto table does.
     */
    static Goal of(RunRecord run) {
        List<Objective> objectives = new ArrayList<>();
        List<Constraint> constraints = new ArrayList<>();
        try {
            run.objectives().forEach(o -> objectives.add(Objective.parse(o)));
            run.constraints().forEach(c -> constraints.add(Constraint.parse(c)));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("run '" + run.runId() + "': its catalog row holds a goal that cannot be read ("
                    + e.getMessage() + ")", e);
        }
        if (objectives.isEmpty()) {
            objectives.add(Objective.maximize(Metrics.ACCURACY));
        }
        return new Goal(objectives, constraints, Optional.empty());
    }

    /** The name the Pareto table gives an objective set, e.g. {@code "max accuracy, min macs"}. */
    static String setName(List<Objective> objectives) {
        return String.join(", ", objectives.stream().map(Objective::toString).toList());
    }
}
