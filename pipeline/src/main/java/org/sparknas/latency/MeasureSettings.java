package org.sparknas.latency;

import java.io.Serializable;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.sparknas.strategy.Metrics;

/**
 * How latency is measured: which device name the metrics carry, at which batch sizes, and the
 * protocol (warm-up runs, then the median of timed repeats).
 *
 * @param device name in {@code measured_latency_<device>_b<batch>}: the executors' device type
 */
public record MeasureSettings(String device, List<Integer> batchSizes, int warmup, int repeats) implements Serializable {

    public static final int DEFAULT_WARMUP = 10;
    public static final int DEFAULT_REPEATS = 30;

    public MeasureSettings {
        DeviceNames.check(device);
        batchSizes = List.copyOf(new TreeSet<>(batchSizes));
        if (batchSizes.isEmpty() || batchSizes.get(0) <= 0) {
            throw new IllegalArgumentException("batch sizes must be positive and at least one, got " + batchSizes);
        }
        if (warmup < 0) {
            throw new IllegalArgumentException("warm-up runs must be 0 or more, got " + warmup);
        }
        if (repeats <= 0) {
            throw new IllegalArgumentException("repeats must be positive, got " + repeats);
        }
    }

    /** The measured-latency metric names. */
    public Set<String> metrics() {
        Set<String> names = new TreeSet<>();
        batchSizes.forEach(b -> names.add(Metrics.measuredLatency(device, b)));
        return names;
    }
}
