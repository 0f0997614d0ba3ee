package org.sparknas.eval;

import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.sparknas.latency.LatencyModel;
import org.sparknas.space.Architecture;

/**
 * An evaluator's metrics plus latency metrics. Latency is measured after the wrapped evaluation, so
 * the device is already warm and the evaluation's own work is not running beside the timing.
 */
final class LatencyEvaluator implements Evaluator {

    private final Evaluator inner;
    private final List<LatencyModel> models;
    private final NDManager manager;

    /** @param manager the measuring models' arrays, closed with this evaluator; null when nothing is measured */
    LatencyEvaluator(Evaluator inner, List<LatencyModel> models, NDManager manager) {
        this.inner = inner;
        this.models = List.copyOf(models);
        this.manager = manager;
    }

    @Override
    public Set<String> metrics() {
        Set<String> names = new TreeSet<>(inner.metrics());
        models.forEach(m -> names.addAll(m.metrics()));
        return names;
    }

    @Override
    public Map<String, Double> evaluate(Architecture architecture, int fidelity) {
        Map<String, Double> metrics = new LinkedHashMap<>(inner.evaluate(architecture, fidelity));
        for (LatencyModel model : models) {
            metrics.putAll(model.latencies(architecture));
        }
        return metrics;
    }

    @Override
    public void close() {
        try {
            inner.close();
        } finally {
            if (manager != null) {
                manager.close();
            }
        }
    }
}
