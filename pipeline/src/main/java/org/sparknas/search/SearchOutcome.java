package org.sparknas.search;

import java.util.List;
import org.sparknas.store.ParetoRecord;
import org.sparknas.store.TrialRecord;

/**
 * What a search run left in the store.
 *
 * @param alreadyFinished true when the run had finished before and nothing was done
 */
public record SearchOutcome(String runId, boolean alreadyFinished, List<TrialRecord> trials, List<ParetoRecord> pareto) {

    public SearchOutcome {
        trials = List.copyOf(trials);
        pareto = List.copyOf(pareto);
    }
}
