package org.sparknas.onnx;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sparknas.space.Activation;
import org.sparknas.space.BlockShape;
import org.sparknas.space.SubnetShape;
import org.sparknas.supernet.SubnetWeights;
import org.sparknas.supernet.WeightTensor;

/**
 * The ONNX graph of one sub-network, layer for layer as {@link SubnetShape} describes it, with
 * every BatchNorm folded into the convolution before it ({@code w * gamma / sqrt(var + eps)},
 * bias {@code beta - mean * gamma / sqrt(var + eps)}), so inference runs convolutions, the
 * space's activations, squeeze-excite, residual additions and the classifier only.
 *
 * <p>Input {@code images}: normalised images {@code [batch, channels, height, width]} of any size,
 * resized inside the graph to the architecture's resolution with antialiased bilinear
 * interpolation and half-pixel centres, the resize the supernet applies ({@code Resize} with
 * {@code antialias = 1}, opset 18). Output {@code logits}: {@code [batch, classes]}.
 */
public final class SubnetGraph {

    public static final String INPUT = "images";
    public static final String OUTPUT = "logits";
    /** The input of a one-layer graph of a block or the head: the activation the layer before it gives. */
    public static final String LAYER_INPUT = "x";

    private final SubnetWeights weights;
    private final List<OnnxNode> nodes = new ArrayList<>();
    private final Map<String, OnnxTensor> initializers = new LinkedHashMap<>();

    private SubnetGraph(SubnetWeights weights) {
        this.weights = weights;
    }

    /**
     * @param weights the sub-network's own tensors (BatchNorm statistics already re-calibrated)
     */
    public static OnnxGraph build(SubnetShape shape, SubnetWeights weights, String name) {
        return new SubnetGraph(weights).graph(shape, name);
    }

    private OnnxGraph graph(SubnetShape shape, String name) {
        String x = stem(shape);
        for (BlockShape b : shape.blocks()) {
            x = mbConv(b, x);
        }
        head(shape, x);
        OnnxValue input = new OnnxValue(INPUT, OnnxTensor.ElementType.FLOAT,
                List.of("batch", (long) shape.inputChannels(), "height", "width"));
        OnnxValue output = new OnnxValue(OUTPUT, OnnxTensor.ElementType.FLOAT, List.of("batch", (long) shape.numClasses()));
        return new OnnxGraph(name, nodes, initializers, List.of(input), List.of(output), Map.of());
    }

    /**
     * The stem of {@code shape} alone, as the whole network runs it (the resize, then the stem
     * convolution with its activation): input {@link #INPUT}, output the stem's activation. One
     * entry of a latency table is timed on such a one-layer graph.
     */
    public static OnnxGraph stemLayer(SubnetShape shape, SubnetWeights weights, String name) {
        SubnetGraph g = new SubnetGraph(weights);
        String y = g.stem(shape);
        OnnxValue input = new OnnxValue(INPUT, OnnxTensor.ElementType.FLOAT,
                List.of("batch", (long) shape.inputChannels(), "height", "width"));
        return g.layerGraph(name, input, y, List.of("batch", (long) shape.stem().channels(), (long) shape.stemOutputSize(),
                (long) shape.stemOutputSize()));
    }

    /** One MBConv block alone: input {@link #LAYER_INPUT} of the block's input shape, output the block's output. */
    public static OnnxGraph blockLayer(BlockShape block, SubnetWeights weights, String name) {
        SubnetGraph g = new SubnetGraph(weights);
        String y = g.mbConv(block, LAYER_INPUT);
        OnnxValue input = new OnnxValue(LAYER_INPUT, OnnxTensor.ElementType.FLOAT,
                List.of("batch", (long) block.inChannels(), (long) block.inputSize(), (long) block.inputSize()));
        return g.layerGraph(name, input, y, List.of("batch", (long) block.outChannels(), (long) block.outputSize(),
                (long) block.outputSize()));
    }

    /** The head of {@code shape} alone (1x1 convolution, pooling, classifier): input {@link #LAYER_INPUT}, output {@link #OUTPUT}. */
    public static OnnxGraph headLayer(SubnetShape shape, SubnetWeights weights, String name) {
        SubnetGraph g = new SubnetGraph(weights);
        String y = g.head(shape, LAYER_INPUT);
        OnnxValue input = new OnnxValue(LAYER_INPUT, OnnxTensor.ElementType.FLOAT, List.of("batch",
                (long) shape.headInputChannels(), (long) shape.headInputSize(), (long) shape.headInputSize()));
        return g.layerGraph(name, input, y, List.of("batch", (long) shape.numClasses()));
    }

    private OnnxGraph layerGraph(String name, OnnxValue input, String output, List<Object> outputShape) {
        return new OnnxGraph(name, nodes, initializers, List.of(input),
                List.of(new OnnxValue(output, OnnxTensor.ElementType.FLOAT, outputShape)), Map.of());
    }

    /** Resize to the resolution, then the stem; returns the stem's output. */
    private String stem(SubnetShape shape) {
        int r = shape.resolution();
        initializers.put("resize.sizes", OnnxTensor.int64s("resize.sizes", new long[] {2}, new long[] {r, r}));
        String x = node("Resize", "resize", List.of(INPUT, "", "", "resize.sizes"),
                List.of(OnnxAttribute.of("mode", "linear"), OnnxAttribute.of("antialias", 1L),
                        OnnxAttribute.ints("axes", 2, 3),
                        OnnxAttribute.of("coordinate_transformation_mode", "half_pixel"),
                        // weights renormalised over the pixels inside the image, as PyTorch's antialiased resize does
                        OnnxAttribute.of("exclude_outside", 1L)));
        return convBnAct("stem", x, shape.stem().kernel(), shape.stem().stride(), 1, shape.stem().activation());
    }

    /** 1x1 convolution, global pooling and the classifier after {@code x}; returns {@link #OUTPUT}. */
    private String head(SubnetShape shape, String input) {
        String x = convBnAct("head", input, 1, 1, 1, shape.head().activation());
        x = node("GlobalAveragePool", "head.pool", List.of(x), List.of());
        x = node("Flatten", "head.flatten", List.of(x), List.of(OnnxAttribute.of("axis", 1L)));
        String w = constant("head.classifier.weight", weights.require("head.classifier.weight"));
        String bias = constant("head.classifier.bias", weights.require("head.classifier.bias"));
        nodes.add(new OnnxNode("Gemm", "head.classifier", List.of(x, w, bias), List.of(OUTPUT),
                List.of(OnnxAttribute.of("transB", 1L))));
        return OUTPUT;
    }

    private String mbConv(BlockShape b, String input) {
        String prefix = "s" + b.stage() + ".b" + b.block();
        String x = convBnAct(prefix + ".expand", input, 1, 1, 1, b.activation());
        x = convBnAct(prefix + ".depthwise", x, b.kernel(), b.stride(), b.midChannels(), b.activation());
        if (b.seChannels() > 0) {
            x = squeezeExcite(prefix + ".se", x);
        }
        x = convBn(prefix + ".project", x, 1, 1, 1);
        if (b.residual()) {
            x = node("Add", prefix + ".add", List.of(x, input), List.of());
        }
        return x;
    }

    private String squeezeExcite(String prefix, String input) {
        String gate = node("GlobalAveragePool", prefix + ".squeeze", List.of(input), List.of());
        gate = conv(prefix + ".reduce", gate, weights.require(prefix + ".reduce.weight"), weights.require(prefix + ".reduce.bias"), 1, 1, 1);
        gate = node("Relu", prefix + ".relu", List.of(gate), List.of());
        gate = conv(prefix + ".expand", gate, weights.require(prefix + ".expand.weight"), weights.require(prefix + ".expand.bias"), 1, 1, 1);
        gate = node("HardSigmoid", prefix + ".hsigmoid", List.of(gate),
                List.of(OnnxAttribute.of("alpha", 1f / 6f), OnnxAttribute.of("beta", 0.5f)));
        return node("Mul", prefix + ".scale", List.of(input, gate), List.of());
    }

    private String convBnAct(String prefix, String input, int kernel, int stride, int groups, Activation activation) {
        String x = convBn(prefix, input, kernel, stride, groups);
        return switch (activation) {
            case RELU -> node("Relu", prefix + ".relu", List.of(x), List.of());
            case HSWISH -> node("HardSwish", prefix + ".hswish", List.of(x), List.of());
        };
    }

    /** A convolution without bias followed by BatchNorm, folded into one convolution with bias. */
    private String convBn(String prefix, String input, int kernel, int stride, int groups) {
        WeightTensor w = weights.require(prefix + ".conv.weight");
        float[] gamma = weights.require(prefix + ".bn.gamma").valuesView();
        float[] beta = weights.require(prefix + ".bn.beta").valuesView();
        float[] mean = weights.require(prefix + ".bn.running_mean").valuesView();
        float[] var = weights.require(prefix + ".bn.running_var").valuesView();
        float[] kernelValues = w.valuesView();
        int out = gamma.length;
        int perChannel = kernelValues.length / out;
        float[] folded = new float[kernelValues.length];
        float[] bias = new float[out];
        for (int o = 0; o < out; o++) {
            double scale = gamma[o] / Math.sqrt((double) var[o] + weights.batchNormEpsilon());
            for (int i = 0; i < perChannel; i++) {
                folded[o * perChannel + i] = (float) (kernelValues[o * perChannel + i] * scale);
            }
            bias[o] = (float) (beta[o] - mean[o] * scale);
        }
        return conv(prefix, input, new WeightTensor(w.shape(), folded), new WeightTensor(new long[] {out}, bias),
                kernel, stride, groups);
    }

    private String conv(String prefix, String input, WeightTensor weight, WeightTensor bias, int kernel, int stride, int groups) {
        String w = constant(prefix + ".weight", weight);
        String b = constant(prefix + ".bias", bias);
        int pad = kernel / 2;
        return node("Conv", prefix + ".conv", List.of(input, w, b), List.of(
                OnnxAttribute.ints("kernel_shape", kernel, kernel), OnnxAttribute.ints("strides", stride, stride),
                OnnxAttribute.ints("pads", pad, pad, pad, pad), OnnxAttribute.of("group", (long) groups)));
    }

    private String constant(String name, WeightTensor tensor) {
        initializers.put(name, OnnxTensor.floats(name, tensor.shape(), tensor.valuesView()));
        return name;
    }

    /** Adds a node whose single output is named after the node; returns that name. */
    private String node(String op, String name, List<String> inputs, List<OnnxAttribute> attributes) {
        nodes.add(new OnnxNode(op, name, inputs, List.of(name), attributes));
        return name;
    }
}
