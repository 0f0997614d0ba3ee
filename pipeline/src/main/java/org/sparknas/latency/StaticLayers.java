package org.sparknas.latency;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import org.sparknas.space.SubnetShape;
import org.sparknas.supernet.StaticSubnet;

/**
 * A sub-network as the deployable {@link StaticSubnet} (what {@code SubnetExporter} writes), cut into
 * the segments a latency table has entries for: the stem (with the input preparation the network
 * runs first: resize to the resolution, which is a no-op for input already at it), each MBConv block, and the head (1x1 convolution, pooling, classifier).
 * Timing segments of the very network that is timed end to end keeps the two comparable: the same
 * DJL layers, kernels and memory formats. Weights are DJL's default initialisation; latency does
 * not depend on their values.
 */
final class StaticLayers {

    /** Layers of {@link StaticSubnet#block()} that are not MBConv blocks: prepare + stem before, conv + pool + linear after. */
    private static final int STEM_LAYERS = 2;
    private static final int HEAD_LAYERS = 3;

    private final SubnetShape shape;
    private final List<List<Block>> segments;
    private final ParameterStore store;

    /** A new network of {@code shape} on {@code manager}, weights initialised. */
    StaticLayers(SubnetShape shape, NDManager manager) {
        this(initialized(shape, manager), manager);
    }

    /** The segments of an initialised network. */
    StaticLayers(StaticSubnet subnet, NDManager manager) {
        this.shape = subnet.shape();
        List<Block> layers = subnet.block().getChildren().values();
        int blocks = shape.blocks().size();
        if (layers.size() != STEM_LAYERS + blocks + HEAD_LAYERS) {
            throw new IllegalStateException("StaticSubnet of " + blocks + " blocks has " + layers.size() + " layers; expected "
                    + (STEM_LAYERS + blocks + HEAD_LAYERS) + " (the latency segments must follow its layout)");
        }
        List<List<Block>> cut = new ArrayList<>();
        cut.add(layers.subList(0, STEM_LAYERS));
        for (int i = 0; i < blocks; i++) {
            cut.add(List.of(layers.get(STEM_LAYERS + i)));
        }
        cut.add(layers.subList(STEM_LAYERS + blocks, layers.size()));
        this.segments = List.copyOf(cut);
        this.store = new ParameterStore(manager, false);
    }

    private static StaticSubnet initialized(SubnetShape shape, NDManager manager) {
        StaticSubnet subnet = StaticSubnet.build(shape);
        subnet.initialize(manager);
        return subnet;
    }

    /** An input batch at the architecture's resolution, as the evaluator feeds it (already resized, NCHW). */
    NDArray input(NDManager manager, int batch) {
        return manager.randomNormal(new Shape(batch, shape.inputChannels(), shape.resolution(), shape.resolution()));
    }

    /** Segments in forward order, matching {@link SpaceLayers#keys}: stem, each block, head. */
    int segmentCount() {
        return segments.size();
    }

    /**
     * One segment; the arrays it creates on the way are freed before it returns (its output is the
     * caller's to close). DJL would otherwise keep every intermediate until the caller's scope closes,
     * and a forward pass would write each op's output into fresh memory (page faults, cold caches),
     * which at batch 16 made whole networks about twice as slow as their parts; PyTorch frees at once,
     * and so does the supernet's own forward.
     */
    NDArray runSegment(int segment, NDArray x) {
        try (NDScope scope = new NDScope()) {
            NDArray h = x;
            for (Block layer : segments.get(segment)) {
                h = layer.forward(store, new NDList(h), false).singletonOrThrow();
            }
            NDScope.unregister(h);
            return h;
        }
    }

    /**
     * One whole forward pass, as {@link #runAll} runs it, with the time of each segment in ms: the
     * segment itself and the freeing of its input (the previous segment's output), so the times add
     * up to the pass. Each layer is timed where it runs in a real network, after its predecessors,
     * with the caches they leave, rather than alone in a loop that keeps its weights hot: layers timed
     * alone sum to less than the networks they make up (docs/development.md). On a GPU each
     * segment's result is read back (one element) to end its timing.
     */
    double[] timedPass(NDArray x) {
        double[] ms = new double[segments.size()];
        NDArray h = x;
        for (int s = 0; s < segments.size(); s++) {
            long start = System.nanoTime();
            NDArray next = runSegment(s, h);
            if (next.getDevice().isGpu()) {
                next.flatten().get(0).toFloatArray();
            }
            if (h != x) {
                h.close();
            }
            ms[s] = (System.nanoTime() - start) / 1e6;
            h = next;
        }
        h.close();
        return ms;
    }

    /** The whole network, segment after segment, each intermediate freed as soon as the next segment has run. */
    NDArray runAll(NDArray x) {
        NDArray h = x;
        for (int s = 0; s < segments.size(); s++) {
            NDArray next = runSegment(s, h);
            if (h != x) {
                h.close();
            }
            h = next;
        }
        return h;
    }
}
