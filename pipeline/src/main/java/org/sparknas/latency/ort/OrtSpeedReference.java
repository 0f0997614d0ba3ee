package org.sparknas.latency.ort;

import java.util.ArrayList;
import java.util.List;
import org.sparknas.latency.SpeedReference;
import org.sparknas.latency.Timing;
import org.sparknas.space.OfaSpace;

/**
 * The space's middle network ({@link SpeedReference#middle}) in ONNX Runtime, timed right before
 * each measurement so that the measurement can be taken relative to the machine's speed at that
 * moment; the ONNX Runtime counterpart of the DJL tables' {@link SpeedReference}, for the same
 * reason: on a shared machine a core's speed drifts within seconds by as much as layers differ.
 */
final class OrtSpeedReference implements AutoCloseable {

    /**
     * Passes per check; their median is the speed of the moment. A pass of the reference takes a
     * fraction of a millisecond in ONNX Runtime, so that a few passes gauge the speed worse than the
     * layer's repeats measure the layer: with 3 passes the ratios ranked validation networks worse
     * than plain medians did, with 15 better (docs/hardware-aware.md).
     */
    static final int PASSES = 15;

    private final TimedSession network;
    private final List<Double> samples = new ArrayList<>();

    OrtSpeedReference(OfaSpace space, int batch, int threads) {
        LayerGraph middle = LayerGraph.network(space.shape(SpeedReference.middle(space)), 0, "speed-reference");
        this.network = TimedSession.open(middle.graph(), middle.inputShape(batch), threads, 0);
    }

    void warm(int runs) {
        network.warm(runs);
    }

    /** The median of {@link #PASSES} passes now, in ms, recorded for {@link #baselineMs}. */
    double now() {
        double[] ms = new double[PASSES];
        for (int i = 0; i < PASSES; i++) {
            ms[i] = network.runMs();
            samples.add(ms[i]);
        }
        return Timing.median(ms);
    }

    /** The median of every recorded pass: the session's typical speed, in ms of the reference network. */
    double baselineMs() {
        if (samples.isEmpty()) {
            throw new IllegalStateException("the speed reference has not been timed yet");
        }
        return Timing.median(samples.stream().mapToDouble(Double::doubleValue).toArray());
    }

    @Override
    public void close() {
        network.close();
    }
}
