package org.sparknas.latency;

import java.util.Map;
import java.util.Set;
import org.sparknas.space.Architecture;

/**
 * A source of latency metrics for architectures, in milliseconds, named as {@link
 * org.sparknas.strategy.Metrics} says: {@code latency_<device>_b<batch>} for a lookup-table
 * prediction, {@code measured_latency_<device>_b<batch>} for a measurement. The extension point for
 * other predictors (e.g. a learned latency model).
 */
public interface LatencyModel {

    /** The metric names {@link #latencies} returns, known before any architecture is seen. */
    Set<String> metrics();

    /** Every metric of {@link #metrics()} for {@code architecture}. */
    Map<String, Double> latencies(Architecture architecture);
}
