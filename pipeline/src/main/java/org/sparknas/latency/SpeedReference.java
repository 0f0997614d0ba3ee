package org.sparknas.latency;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.sparknas.space.Architecture;
import org.sparknas.space.OfaArchitecture;
import org.sparknas.space.OfaSpace;
import org.sparknas.space.OfaStage;

/**
 * A fixed network (the space's middle architecture) timed right before each timed pass of the work
 * being measured, so that every sample can be taken relative to the machine's speed at that moment.
 *
 * <p>Why: on a shared or virtual machine the speed of a core drifts within seconds by as much as
 * sub-networks differ. Two sub-networks timed a second apart are then ranked by the drift as much as
 * by their cost, while their ratios to a reference pass timed just before each of their passes rank
 * them consistently, within a process and across processes (the figures are in
 * docs/hardware-aware.md). A ratio times the median of all reference passes of the session gives
 * milliseconds at the session's typical speed.
 */
public final class SpeedReference implements AutoCloseable {

    private final StaticLayers network;
    private final NDArray input;
    private final NDManager manager;
    private final List<Double> samples = new ArrayList<>();

    SpeedReference(OfaSpace space, int batch, NDManager parent) {
        this.manager = parent.newSubManager();
        this.network = new StaticLayers(space.shape(middle(space)), manager);
        this.input = network.input(manager, batch);
    }

    /** The architecture with the middle choice of every dimension (the upper middle of an even count). */
    public static Architecture middle(OfaSpace space) {
        List<Integer> depths = new ArrayList<>();
        List<List<Integer>> kernels = new ArrayList<>();
        List<List<Integer>> expands = new ArrayList<>();
        for (OfaStage stage : space.stages()) {
            int depth = stage.depths().get(stage.depths().size() / 2);
            depths.add(depth);
            kernels.add(Collections.nCopies(depth, stage.kernels().get(stage.kernels().size() / 2)));
            expands.add(Collections.nCopies(depth,
                    stage.expandRatios().get(stage.expandRatios().size() / 2)));
        }
        int resolution = space.resolutions().get(space.resolutions().size() / 2);
        return space.encode(new OfaArchitecture(resolution, depths, kernels, expands, space.defaultPrecision()));
    }

    /** One untimed-for-the-record pass (warm-up). */
    void warm() {
        Stopwatch.once(() -> network.runAll(input));
    }

    /** Times one pass, records it for {@link #baselineMs}, and returns it in ms. */
    double pass() {
        double ms = Stopwatch.once(() -> network.runAll(input));
        samples.add(ms);
        return ms;
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
        manager.close();
    }
}
