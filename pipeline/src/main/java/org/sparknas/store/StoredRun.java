package org.sparknas.store;

import java.util.List;
import org.sparknas.space.SearchSpace;

/**
 * What the tables hold for one run: its catalog row, the space its architecture keys belong to,
 * its trials at the run's fidelity (ordered by trial id; a multi-fidelity run's low rungs are left out) and
 * its Pareto rows.
 */
public record StoredRun(RunRecord run, SearchSpace space, List<TrialRecord> trials, List<ParetoRecord> pareto) {

    public StoredRun {
        trials = List.copyOf(trials);
        pareto = List.copyOf(pareto);
    }

    public String runId() {
        return run.runId();
    }
}
