package org.sparknas.latency.ort;

import java.util.HashMap;
import java.util.Map;
import org.sparknas.latency.NetworkTimer;
import org.sparknas.latency.TableValidation;
import org.sparknas.latency.Timing;
import org.sparknas.space.OfaSpace;
import org.sparknas.space.SubnetShape;

/**
 * Whole sub-networks in ONNX Runtime ({@link org.sparknas.onnx.SubnetGraph}, one session each, kept
 * open across rounds), timed as {@link OrtLayerProfiler} times layers: the reference's speed right
 * before, warm-up runs, then the repeats as ratios to that speed. What {@link TableValidation}
 * compares an ONNX Runtime table with.
 */
public final class OrtNetworkTimer implements NetworkTimer {

    private final int batch;
    private final int threads;
    private final int warmup;
    private final int repeats;
    private final OrtSpeedReference reference;
    private final Map<SubnetShape, TimedSession> sessions = new HashMap<>();

    public OrtNetworkTimer(OfaSpace space, int batch, int threads, int warmup, int repeats) {
        this.batch = batch;
        this.threads = threads;
        this.warmup = warmup;
        this.repeats = repeats;
        this.reference = new OrtSpeedReference(space, batch, threads);
    }

    @Override
    public Sample round(SubnetShape shape) {
        TimedSession session = sessions.computeIfAbsent(shape, s -> {
            // each network at its own precision, as a deployed one runs
            LayerGraph network = switch (s.precision()) {
                case FP32 -> LayerGraph.network(s, sessions.size() + 1, "network");
                case INT8 -> Int8LayerGraphs.network(s, sessions.size() + 1, "network");
            };
            return TimedSession.open(network.graph(), network.inputShape(batch), threads, 1);
        });
        double referenceMs = reference.now();
        session.warm(warmup);
        double[] ms = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            ms[i] = session.runMs();
        }
        double median = Timing.median(ms);
        return new Sample(median / referenceMs, median);
    }

    @Override
    public double baselineMs() {
        return reference.baselineMs();
    }

    @Override
    public void close() {
        sessions.values().forEach(TimedSession::close);
        reference.close();
    }
}
