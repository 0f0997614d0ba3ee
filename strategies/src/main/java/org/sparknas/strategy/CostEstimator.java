package org.sparknas.strategy;

import java.util.Map;
import java.util.Set;
import org.sparknas.space.Architecture;

/**
 * Metrics known before an architecture is evaluated (MACs, parameters, a lookup-table latency):
 * strategies use them to meet constraints by resampling instead of spending evaluations on
 * candidates that cannot be feasible.
 */
public interface CostEstimator {

    /** The metric names {@link #estimate} returns. */
    Set<String> metrics();

    Map<String, Double> estimate(Architecture architecture);

    /** An estimator that knows nothing: every constraint is then checked after evaluation. */
    static CostEstimator none() {
        return new CostEstimator() {
            @Override
            public Set<String> metrics() {
                return Set.of();
            }

            @Override
            public Map<String, Double> estimate(Architecture architecture) {
                return Map.of();
            }
        };
    }
}
