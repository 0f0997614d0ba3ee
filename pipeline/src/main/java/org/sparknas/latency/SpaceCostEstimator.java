package org.sparknas.latency;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.sparknas.space.Architecture;
import org.sparknas.space.OfaSpace;
import org.sparknas.space.SearchSpace;
import org.sparknas.space.SubnetShape;
import org.sparknas.strategy.CostEstimator;
import org.sparknas.strategy.Metrics;

/**
 * What is known of an architecture before evaluating it, for spaces that have a cost model (Once-for-All
 * spaces): MACs and parameters, and the latency each configured lookup table predicts
 * ({@code latency_<device>_b<batch>}), so that strategies meet constraints on any of them by resampling.
 */
public final class SpaceCostEstimator implements CostEstimator {

    private final OfaSpace space;
    private final LookupTableModel latency;
    private final Set<String> metrics;

    private SpaceCostEstimator(OfaSpace space, Map<String, LatencyTable> tables) {
        this.space = space;
        this.latency = new LookupTableModel(space, tables);
        Set<String> names = new TreeSet<>(latency.metrics());
        names.add(Metrics.MACS);
        names.add(Metrics.PARAMS);
        this.metrics = Set.copyOf(names);
    }

    public static CostEstimator of(SearchSpace space) {
        return of(space, Map.of());
    }

    /** @param tables latency tables by device name, already checked against {@code space} */
    public static CostEstimator of(SearchSpace space, Map<String, LatencyTable> tables) {
        return OfaSpace.of(space).<CostEstimator>map(ofa -> new SpaceCostEstimator(ofa, tables)).orElse(CostEstimator.none());
    }

    @Override
    public Set<String> metrics() {
        return metrics;
    }

    @Override
    public Map<String, Double> estimate(Architecture architecture) {
        SubnetShape shape = space.shape(architecture);
        Map<String, Double> estimate = new LinkedHashMap<>(latency.latencies(architecture));
        estimate.put(Metrics.MACS, (double) shape.macs());
        estimate.put(Metrics.PARAMS, (double) shape.params());
        return estimate;
    }
}
