package org.sparknas.search;

import java.util.Map;
import java.util.Set;
import org.sparknas.space.Architecture;
import org.sparknas.space.OfaSpace;
import org.sparknas.space.SearchSpace;
import org.sparknas.space.SubnetShape;
import org.sparknas.strategy.CostEstimator;
import org.sparknas.strategy.Metrics;

/** MACs and parameters from the analytical cost model, for spaces that have one (Once-for-All spaces). */
public final class SpaceCostEstimator implements CostEstimator {

    private final OfaSpace space;

    private SpaceCostEstimator(OfaSpace space) {
        this.space = space;
    }

    public static CostEstimator of(SearchSpace space) {
        return space instanceof OfaSpace ofa ? new SpaceCostEstimator(ofa) : CostEstimator.none();
    }

    @Override
    public Set<String> metrics() {
        return Set.of(Metrics.MACS, Metrics.PARAMS);
    }

    @Override
    public Map<String, Double> estimate(Architecture architecture) {
        SubnetShape shape = space.shape(architecture);
        return Map.of(Metrics.MACS, (double) shape.macs(), Metrics.PARAMS, (double) shape.params());
    }
}
