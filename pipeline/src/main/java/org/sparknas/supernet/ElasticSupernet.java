package org.sparknas.supernet;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sparknas.space.Architecture;
import org.sparknas.space.BlockShape;
import org.sparknas.space.OfaSpace;
import org.sparknas.space.OfaStage;
import org.sparknas.space.SubnetShape;

/**
 * The Once-for-All weight-sharing supernet of an {@link OfaSpace}, as one DJL block: the stem, every
 * block of every stage at its largest width and kernel, and the head. {@link #setActive} picks the
 * sub-network that forward passes run (exactly the network {@link SubnetShape} documents); it only
 * records the shape, so switching is free and copies no weight:
 * <ul>
 *   <li>elastic depth: a stage runs its first d blocks;</li>
 *   <li>elastic width: a block's middle channels are a prefix of its largest middle width (views);</li>
 *   <li>elastic kernel: the centre of the largest kernel through kernel-transformation matrices;</li>
 *   <li>elastic resolution: the input is resized to the active resolution.</li>
 * </ul>
 * Trainable with DJL as any block: in training mode under a gradient collector, gradients reach the
 * active slices and the transformation matrices, and BatchNorm updates the running statistics of the
 * active channels only. Not thread-safe: one forward at a time (the active shape is shared state).
 */
public final class ElasticSupernet extends AbstractBlock {

    private static final byte VERSION = 1;

    private final OfaSpace space;
    private final StemLayer stem;
    private final List<List<MbConvBlock>> stages;
    private final HeadLayer head;
    private final Map<String, BatchNormLayer> batchNorms = new LinkedHashMap<>();
    private SubnetShape active;
    private ParameterStore ownStore;

    public ElasticSupernet(OfaSpace space) {
        super(VERSION);
        this.space = space;
        ParameterRegistry registry = this::register;
        stem = new StemLayer(registry, space.stem(), space.inputChannels());
        List<List<MbConvBlock>> built = new ArrayList<>();
        int channels = space.stem().channels();
        for (int s = 0; s < space.stages().size(); s++) {
            OfaStage stage = space.stages().get(s);
            List<MbConvBlock> blocks = new ArrayList<>();
            for (int b = 0; b < stage.maxDepth(); b++) {
                blocks.add(new MbConvBlock(registry, "s" + (s + 1) + ".b" + (b + 1), b == 0 ? channels : stage.channels(), stage));
            }
            built.add(Collections.unmodifiableList(blocks));
            channels = stage.channels();
        }
        stages = Collections.unmodifiableList(built);
        head = new HeadLayer(registry, space.head(), channels, space.numClasses());
        batchNorms.put(stem.batchNorm().name(), stem.batchNorm());
        for (List<MbConvBlock> stage : stages) {
            for (MbConvBlock block : stage) {
                block.batchNorms().forEach(bn -> batchNorms.put(bn.name(), bn));
            }
        }
        batchNorms.put(head.batchNorm().name(), head.batchNorm());
        active = space.shape(space.largest());
    }

    private Parameter register(String name, Parameter.Type type, Shape shape) {
        boolean statistic = type == Parameter.Type.RUNNING_MEAN || type == Parameter.Type.RUNNING_VAR;
        return addParameter(Parameter.builder().setName(name).setType(type).optShape(shape).optRequiresGrad(!statistic).build());
    }

    public OfaSpace space() {
        return space;
    }

    /** Runs {@code architecture} from now on. Cheap: resolves shapes, touches no weight. */
    public void setActive(Architecture architecture) {
        active = space.shape(architecture);
    }

    /** The active sub-network, every shape resolved. */
    public SubnetShape active() {
        return active;
    }

    /** The shape of one input batch of the largest resolution. */
    public Shape inputShape(int batch) {
        int r = space.resolutions().get(space.resolutions().size() - 1);
        return new Shape(batch, space.inputChannels(), r, r);
    }

    /** Creates every parameter with Once-for-All's initialisation, drawn from {@code seed}. */
    public void initializeWeights(NDManager manager, long seed) {
        for (Parameter p : getDirectParameters().values()) {
            p.setInitializer(new SeededInitializer(seed, p.getName(), p.getType()));
        }
        initialize(manager, DataType.FLOAT32, inputShape(1));
        ownStore = null;
    }

    /**
     * Attaches gradients to every trainable parameter (not to the running statistics), e.g. after
     * loading weights, which DJL loads without gradients.
     */
    public void enableGradients() {
        for (Parameter p : getDirectParameters().values()) {
            if (p.requiresGradient() && !p.getArray().hasGradient()) {
                p.getArray().setRequiresGradient(true);
            }
        }
    }

    /** A pass with this block's own parameter values (no copies), for callers outside a DJL trainer. */
    public ForwardPass pass(NormMode mode, LayerObserver observer) {
        return pass(mode, observer, null);
    }

    /** The same, with the active weights taken from (and kept in) {@code cache}; not for training. */
    public ForwardPass pass(NormMode mode, LayerObserver observer, WeightCache cache) {
        if (ownStore == null) {
            NDManager manager = getDirectParameters().values().get(0).getArray().getManager();
            ownStore = new ParameterStore(manager, false);
        }
        return new ForwardPass(ownStore, mode, observer, cache);
    }

    /**
     * Logits of the active sub-network for {@code images} ({@code [n, c, h, w]}, resized when needed).
     *
     * <p>The network runs in NCHW memory, not channels-last (NHWC). In libtorch 2.7.1 (oneDNN 3.7.1)
     * the channels-last 1x1 convolution computes wrong values on CPUs with AVX-512: its
     * {@code brgconv_1x1:avx512_core} kernel, chosen for 24 input and 72 output channels from about
     * 64 images of 5x5 up (the expand layer of every ratio-3 block of stage 2 after the first, and of
     * stage 3's first block), returned outputs off by up to 3.8 on inputs of unit variance; limited to
     * AVX2 ({@code ONEDNN_MAX_CPU_ISA=AVX2}) oneDNN picks other kernels, right for these shapes (one of
     * them was wrong for 24 to 144 channels on 3x3 maps, a shape the space does not have). So the
     * smallest network of the supernet bundled until 2026-12-07 measured 0.8828 on an AVX-512 CPU and
     * 0.8866 where it was trained. In NCHW every convolution shape of the default space agrees with a
     * float64 reference with either kernel set (ConvolutionKernelsTest checks it on the CPU the tests run on).
     */
    public NDArray forward(NDArray images, ForwardPass pass) {
        NDArray resized = InputResize.to(images, active.resolution());
        NDArray x = stem.apply(pass, resized);
        if (resized != images) {
            resized.close();
        }
        for (BlockShape shape : active.blocks()) {
            x = Intermediates.replace(x, block(shape).apply(pass, x, shape));
        }
        return Intermediates.replace(x, head.apply(pass, x));
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        ForwardPass pass = new ForwardPass(parameterStore, training ? NormMode.TRAINING : NormMode.INFERENCE,
                LayerObserver.NONE);
        return new NDList(forward(inputs.singletonOrThrow(), pass));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), space.numClasses())};
    }

    @Override
    public void loadParameters(NDManager manager, DataInputStream is) throws IOException, MalformedModelException {
        super.loadParameters(manager, is);
        ownStore = null;
    }

    /**
     * The active sub-network's own tensors, named like the supernet's parameters
     * ({@code s2.b1.depthwise.conv.weight}, ...): slices as views, transformed kernels as new arrays.
     */
    public Map<String, NDArray> activeWeights() {
        ForwardPass pass = pass(NormMode.INFERENCE, LayerObserver.NONE);
        Device onDevice = getDirectParameters().values().get(0).getArray().getDevice();
        Map<String, NDArray> weights = new LinkedHashMap<>();
        stem.exportActive(pass, onDevice, weights);
        for (BlockShape shape : active.blocks()) {
            block(shape).exportActive(pass, onDevice, shape, weights);
        }
        head.exportActive(pass, onDevice, weights);
        return weights;
    }

    /** Names of the BatchNorm layers the active sub-network runs, in order. */
    public List<String> activeBatchNorms() {
        List<String> names = new ArrayList<>();
        names.add(stem.batchNorm().name());
        for (BlockShape shape : active.blocks()) {
            block(shape).batchNorms().forEach(bn -> names.add(bn.name()));
        }
        names.add(head.batchNorm().name());
        return names;
    }

    /** Sets the running statistics of the first {@code mean.length} channels of a BatchNorm layer. */
    @SuppressWarnings("try") // resources held open for their scope (grad mode, NDScope)
    public void setBatchNormStatistics(String layer, float[] mean, float[] variance) {
        BatchNormLayer bn = batchNorms.get(layer);
        if (bn == null) {
            throw new IllegalArgumentException("the supernet has no BatchNorm layer '" + layer + "'");
        }
        try (NoGrad ignored = NoGrad.enter()) {
            bn.writeStatistics(mean, variance);
        }
    }

    /**
     * Once-for-All's width re-organisation for every block: middle channels sorted by the L1 norm of
     * their project weights, so that each narrower width keeps the most important channels. The
     * function of the full-width network is unchanged. (Optimiser state kept per parameter, such as
     * momentum, is not re-ordered, as in OFA; re-organise between training phases.)
     */
    @SuppressWarnings("try") // resources held open for their scope (grad mode, NDScope)
    public void reorderChannelsByImportance() {
        try (NoGrad ignored = NoGrad.enter()) {
            for (List<MbConvBlock> stage : stages) {
                for (MbConvBlock block : stage) {
                    block.reorderByImportance();
                }
            }
        }
    }

    /** Per middle channel of a block (1-based stage and block), the importance that re-organisation sorts by. */
    public float[] middleImportance(int stage, int block) {
        return stages.get(stage - 1).get(block - 1).middleImportance();
    }

    private MbConvBlock block(BlockShape shape) {
        return stages.get(shape.stage() - 1).get(shape.block() - 1);
    }

    @Override
    public String toString() {
        return "ElasticSupernet[" + space.name() + ", active " + active.resolution() + "px, " + active.blocks().size()
                + " blocks]";
    }
}
