package org.sparknas.latency;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.sparknas.space.Architecture;
import org.sparknas.space.OfaSpace;
import org.sparknas.space.SubnetShape;
import org.sparknas.strategy.Metrics;

/**
 * Latency predicted from lookup tables, one per device: the sum of the sub-network's per-layer
 * entries, for every batch size a table has ({@code latency_<device>_b<batch>}). Pure arithmetic on
 * shapes, deterministic, microseconds per architecture: what objectives and constraints use, on the
 * driver (before evaluation, to resample infeasible candidates) and in every trial.
 */
public final class LookupTableModel implements LatencyModel {

    private final OfaSpace space;
    private final Map<String, LatencyTable> tables;
    private final Map<String, Metric> metrics = new TreeMap<>();

    private record Metric(LatencyTable table, int batch) {
    }

    /** @param tables by device name; each must already be checked against {@code space} ({@link LatencyTable#requireFor}) */
    public LookupTableModel(OfaSpace space, Map<String, LatencyTable> tables) {
        this.space = space;
        this.tables = Map.copyOf(tables);
        this.tables.forEach((device, table) -> {
            for (int batch : table.batches()) {
                metrics.put(Metrics.tableLatency(device, batch), new Metric(table, batch));
            }
        });
    }

    @Override
    public Set<String> metrics() {
        return metrics.keySet();
    }

    @Override
    public Map<String, Double> latencies(Architecture architecture) {
        SubnetShape shape = space.shape(architecture);
        Map<String, Double> out = new LinkedHashMap<>();
        metrics.forEach((name, m) -> out.put(name, m.table().predict(shape, m.batch())));
        return out;
    }

    public Map<String, LatencyTable> tables() {
        return tables;
    }
}
