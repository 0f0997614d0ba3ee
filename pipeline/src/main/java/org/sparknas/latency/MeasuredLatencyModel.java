package org.sparknas.latency;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.sparknas.space.Architecture;
import org.sparknas.space.OfaSpace;
import org.sparknas.strategy.Metrics;
import org.sparknas.supernet.NoGrad;

/**
 * End-to-end latency measured on the device of an {@link NDManager} (the executor's): the whole
 * deployable sub-network ({@code StaticSubnet}, what {@code SubnetExporter} writes) on a batch at
 * the architecture's resolution, warm-up runs, then the median of repeats, per configured batch
 * size ({@code measured_latency_<device>_b<batch>}). Noisy where other work shares the device
 * (two Spark tasks on one CPU, say), which is why objectives use the lookup table by default.
 */
public final class MeasuredLatencyModel implements LatencyModel {

    private final OfaSpace space;
    private final NDManager manager;
    private final MeasureSettings settings;
    private final Stopwatch stopwatch;

    public MeasuredLatencyModel(OfaSpace space, NDManager manager, MeasureSettings settings) {
        this.space = space;
        this.manager = manager;
        this.settings = settings;
        this.stopwatch = new Stopwatch(settings.warmup(), settings.repeats());
    }

    @Override
    public Set<String> metrics() {
        return settings.metrics();
    }

    @Override
    @SuppressWarnings("try") // resources held open for their scope (grad mode, NDScope)
    public Map<String, Double> latencies(Architecture architecture) {
        Map<String, Double> out = new LinkedHashMap<>();
        try (NDManager local = manager.newSubManager(); NoGrad ignored = NoGrad.enter()) {
            StaticLayers network = new StaticLayers(space.shape(architecture), local);
            for (int batch : settings.batchSizes()) {
                NDArray input = network.input(local, batch);
                out.put(Metrics.measuredLatency(settings.device(), batch), stopwatch.time(() -> network.runAll(input)).medianMs());
            }
        }
        return out;
    }
}
