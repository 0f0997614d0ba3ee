package org.sparknas.store;

import java.util.Map;

/**
 * One row of the {@code pareto} table: a trial on one of the first non-dominated fronts of a run
 * for one objective set (rank 1 is the Pareto front itself).
 *
 * @param objectiveSet the objectives, e.g. {@code "max accuracy, min latency_cpu_b1"}
 * @param values       the trial's value of each objective, by metric name
 */
public record ParetoRecord(String runId, String objectiveSet, int rank, long trialId, int generation, String archKey,
                           Map<String, Double> values) {

    public ParetoRecord {
        values = Map.copyOf(values);
    }
}
