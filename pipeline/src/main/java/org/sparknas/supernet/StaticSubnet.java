package org.sparknas.supernet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sparknas.space.Activation;
import org.sparknas.space.BlockShape;
import org.sparknas.space.SubnetShape;

/**
 * One architecture as a plain, fixed DJL network of DJL's own layers ({@link Conv2d},
 * {@link BatchNorm}, {@link Linear}, {@link SequentialBlock}, {@link ParallelBlock}), with exactly the
 * weights that architecture owns: what a user deploys after a search, and the independent
 * reference the supernet is checked against. Its layers follow {@link SubnetShape} one to one; its
 * parameters are also reachable by the supernet's names ({@code s2.b1.expand.conv.weight}, ...) so
 * that weights can be copied in.
 *
 * <p>The first layer resizes the input to the architecture's resolution (as the supernet does),
 * so the network takes images at their original size; like the supernet it runs in NCHW memory
 * (see {@link ElasticSupernet#forward}), so it runs the kernels the supernet runs.
 */
public final class StaticSubnet {

    private final SubnetShape shape;
    private final SequentialBlock block;
    private final Map<String, Parameter> parameters = new LinkedHashMap<>();

    private StaticSubnet(SubnetShape shape) {
        this.shape = shape;
        this.block = new SequentialBlock();
        int r = shape.resolution();
        // resized, in NCHW like the supernet's input (see Layout): the same kernels run, so both compute the same
        block.add(LambdaBlock.singleton(x -> InputResize.to(x, r), "resize"));
        block.add(convBnAct("stem", shape.stem().channels(), shape.stem().kernel(), shape.stem().stride(), 1,
                shape.stem().activation()));
        for (BlockShape b : shape.blocks()) {
            block.add(mbConv(b));
        }
        block.add(convBnAct("head", shape.head().channels(), 1, 1, 1, shape.head().activation()));
        block.add(Pool.globalAvgPool2dBlock());
        Linear classifier = Linear.builder().setUnits(shape.numClasses()).optBias(true).build();
        name("head.classifier", classifier);
        block.add(classifier);
    }

    /** The network {@code shape} describes, its parameters not yet created. */
    public static StaticSubnet build(SubnetShape shape) {
        return new StaticSubnet(shape);
    }

    public SubnetShape shape() {
        return shape;
    }

    public Block block() {
        return block;
    }

    /** Parameters by the supernet's names. */
    public Map<String, Parameter> parameters() {
        return Collections.unmodifiableMap(parameters);
    }

    /** The input shape of one image at the architecture's resolution. */
    public Shape inputShape(int batch) {
        return new Shape(batch, shape.inputChannels(), shape.resolution(), shape.resolution());
    }

    /** Creates the parameters (DJL's default initialisation; overwrite them with {@link #copyWeights}). */
    public void initialize(NDManager manager) {
        block.initialize(manager, DataType.FLOAT32, inputShape(1));
    }

    /**
     * Copies {@code weights} (by the supernet's names; exactly this network's tensors, shapes equal)
     * into the parameters.
     */
    @SuppressWarnings("try") // resources held open for their scope (grad mode, NDScope)
    public void copyWeights(Map<String, NDArray> weights) {
        if (!weights.keySet().equals(parameters.keySet())) {
            throw new IllegalArgumentException("weights for " + weights.keySet() + " do not fit a network with "
                    + parameters.keySet());
        }
        try (NoGrad ignored = NoGrad.enter()) {
            for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
                NDArray target = e.getValue().getArray();
                NDArray source = weights.get(e.getKey());
                if (!target.getShape().equals(source.getShape())) {
                    throw new IllegalArgumentException(e.getKey() + " is " + target.getShape() + " in the network, "
                            + source.getShape() + " in the weights");
                }
                target.set(new NDIndex("..."), source);
            }
        }
    }

    /** Inference-mode logits. */
    public NDArray forward(NDArray images) {
        return block.forward(new ai.djl.training.ParameterStore(images.getManager(), false), new NDList(images), false)
                .singletonOrThrow();
    }

    private Block mbConv(BlockShape b) {
        String prefix = "s" + b.stage() + ".b" + b.block();
        SequentialBlock body = new SequentialBlock();
        body.add(convBnAct(prefix + ".expand", b.midChannels(), 1, 1, 1, b.activation()));
        body.add(convBnAct(prefix + ".depthwise", b.midChannels(), b.kernel(), b.stride(), b.midChannels(), b.activation()));
        if (b.seChannels() > 0) {
            body.add(squeezeExcite(prefix + ".se", b.midChannels(), b.seChannels()));
        }
        body.add(conv(prefix + ".project.conv", b.outChannels(), 1, 1, 1, false));
        body.add(batchNorm(prefix + ".project.bn"));
        if (!b.residual()) {
            return body;
        }
        return new ParallelBlock(branches -> new NDList(branches.get(0).singletonOrThrow().add(branches.get(1).singletonOrThrow())),
                List.of(body, Blocks.identityBlock()));
    }

    private Block squeezeExcite(String prefix, int mid, int se) {
        SequentialBlock gate = new SequentialBlock();
        gate.add(LambdaBlock.singleton(x -> Pool.globalAvgPool2d(x).reshape(-1, mid, 1, 1), "squeeze"));
        gate.add(conv(prefix + ".reduce", se, 1, 1, 1, true));
        gate.add(LambdaBlock.singleton(ai.djl.nn.Activation::relu, "relu"));
        gate.add(conv(prefix + ".expand", mid, 1, 1, 1, true));
        gate.add(LambdaBlock.singleton(x -> Activations.hardSigmoid(x, true), "hsigmoid"));
        return new ParallelBlock(branches -> new NDList(branches.get(0).singletonOrThrow().mul(branches.get(1).singletonOrThrow())),
                List.of(Blocks.identityBlock(), gate));
    }

    private Block convBnAct(String prefix, int out, int kernel, int stride, int groups, Activation activation) {
        SequentialBlock seq = new SequentialBlock();
        seq.add(conv(prefix + ".conv", out, kernel, stride, groups, false));
        seq.add(batchNorm(prefix + ".bn"));
        // out of place (training = true): an exported model may be fine-tuned under a gradient collector
        seq.add(LambdaBlock.singleton(x -> Activations.apply(activation, x, true), activation.configName()));
        return seq;
    }

    private Conv2d conv(String name, int out, int kernel, int stride, int groups, boolean bias) {
        Conv2d conv = Conv2d.builder().setKernelShape(new Shape(kernel, kernel)).setFilters(out)
                .optStride(new Shape(stride, stride)).optPadding(new Shape(kernel / 2, kernel / 2)).optGroups(groups)
                .optBias(bias).build();
        name(name, conv);
        return conv;
    }

    private BatchNorm batchNorm(String name) {
        BatchNorm bn = BatchNorm.builder().optEpsilon(BatchNormLayer.EPSILON).optMomentum(1f - BatchNormLayer.MOMENTUM).build();
        parameters.put(name + ".gamma", bn.getParameters().get("gamma"));
        parameters.put(name + ".beta", bn.getParameters().get("beta"));
        parameters.put(name + ".running_mean", bn.getParameters().get("runningMean"));
        parameters.put(name + ".running_var", bn.getParameters().get("runningVar"));
        return bn;
    }

    private void name(String name, Block layer) {
        parameters.put(name + ".weight", layer.getParameters().get("weight"));
        Parameter bias = layer.getParameters().get("bias");
        if (bias != null) {
            parameters.put(name + ".bias", bias);
        }
    }
}
