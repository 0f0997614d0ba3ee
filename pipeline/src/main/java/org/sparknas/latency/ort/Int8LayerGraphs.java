package org.sparknas.latency.ort;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.sparknas.data.ImageSet;
import org.sparknas.latency.LayerKey;
import org.sparknas.onnx.ActivationRanges;
import org.sparknas.onnx.ImageBatches;
import org.sparknas.onnx.Int8Quantizer;
import org.sparknas.onnx.OnnxGraph;
import org.sparknas.onnx.OnnxNode;
import org.sparknas.onnx.OnnxTensor;
import org.sparknas.onnx.OnnxValue;
import org.sparknas.space.SubnetShape;
import org.sparknas.supernet.InputNormalization;

/**
 * The int8 (QDQ) graphs of a sub-network's layers, cut out of the whole quantized network
 * ({@link Int8Quantizer} on the fp32 graph, calibrated on a few random images), so that each layer
 * is measured as it runs inside a deployed int8 network: a block takes the uint8 tensor the layer
 * before it quantized and gives its own output quantized, so ONNX Runtime fuses its first and
 * last convolutions into int8 kernels exactly as in the whole network, and a sum of layers pays no
 * quantization the network does not pay. The stem takes the float images, the head gives the
 * float logits, as the network does.
 */
final class Int8LayerGraphs {

    /** Calibration images for the activation ranges; the values do not change the time, only the scales. */
    private static final int CALIBRATION_IMAGES = 8;

    private Int8LayerGraphs() {
    }

    /**
     * One int8 graph per layer of {@code shape}, keyed as {@code keys} says (stem, blocks, head), from
     * the network quantized with seeded weights.
     */
    static List<LayerGraph> layers(SubnetShape shape, long seed, List<LayerKey> keys) {
        List<LayerGraph> fp32 = LayerGraph.layers(shape, seed);
        if (keys.size() != fp32.size()) {
            throw new IllegalArgumentException(keys.size() + " keys for " + fp32.size() + " layers");
        }
        OnnxGraph int8 = quantized(shape, seed);
        List<LayerGraph> layers = new ArrayList<>();
        for (int i = 0; i < fp32.size(); i++) {
            LayerGraph layer = fp32.get(i);
            OnnxValue input;
            if (i == 0) {
                input = layer.graph().inputs().get(0);
            } else {
                String before = fp32.get(i - 1).graph().outputs().get(0).name();
                input = new OnnxValue(quantizedName(int8, before), OnnxTensor.ElementType.UINT8,
                        layer.graph().inputs().get(0).shape());
            }
            String after = layer.graph().outputs().get(0).name();
            OnnxValue output = i == fp32.size() - 1 ? layer.graph().outputs().get(0)
                    : new OnnxValue(quantizedName(int8, after), OnnxTensor.ElementType.UINT8, List.of());
            layers.add(new LayerGraph(keys.get(i), slice(int8, keys.get(i).text(), input, output), layer.imageShape()));
        }
        return layers;
    }

    /** The whole int8 network, fed float images at its resolution. */
    static LayerGraph network(SubnetShape shape, long seed, String name) {
        LayerGraph fp32 = LayerGraph.network(shape, seed, name);
        return new LayerGraph(null, quantized(shape, seed), fp32.imageShape());
    }

    /** The network of {@code shape} with seeded weights, quantized with ranges from random images at its resolution. */
    static OnnxGraph quantized(SubnetShape shape, long seed) {
        OnnxGraph fp32 = LayerGraph.network(shape, seed, "int8").graph();
        int size = shape.inputChannels() * shape.resolution() * shape.resolution();
        byte[] pixels = new byte[CALIBRATION_IMAGES * size];
        new SplittableRandom(seed).nextBytes(pixels);
        ImageSet images = new ImageSet(pixels, new byte[CALIBRATION_IMAGES], shape.inputChannels(), shape.resolution(),
                shape.resolution(), Math.max(2, shape.numClasses()));
        ImageBatches calibration = new ImageBatches(images, CALIBRATION_IMAGES,
                InputNormalization.FASHION_MNIST.repeated(shape.inputChannels()), CALIBRATION_IMAGES);
        return Int8Quantizer.quantize(fp32, ActivationRanges.measure(fp32, calibration, 1));
    }

    /** The uint8 tensor the quantizer made of {@code tensor}: the output of the QuantizeLinear that takes it. */
    static String quantizedName(OnnxGraph graph, String tensor) {
        for (OnnxNode node : graph.nodes()) {
            if (node.opType().equals("QuantizeLinear") && node.inputs().get(0).equals(tensor)) {
                return node.output();
            }
        }
        throw new IllegalStateException("the int8 graph " + graph.name() + " does not quantize tensor " + tensor
                + " (a layer boundary); Int8Quantizer must quantize every intermediate tensor");
    }

    /**
     * The part of {@code graph} that computes {@code output} from {@code input}: every node on a path
     * between them, with the initializers they read, in the graph's order.
     */
    static OnnxGraph slice(OnnxGraph graph, String name, OnnxValue input, OnnxValue output) {
        Map<String, OnnxNode> producers = new HashMap<>();
        graph.nodes().forEach(n -> n.outputs().forEach(o -> producers.put(o, n)));
        Set<OnnxNode> needed = new HashSet<>();
        Set<String> initializers = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(output.name()));
        while (!todo.isEmpty()) {
            String tensor = todo.pop();
            if (tensor.isEmpty() || tensor.equals(input.name())) {
                continue;
            }
            if (graph.initializers().containsKey(tensor)) {
                initializers.add(tensor);
                continue;
            }
            OnnxNode producer = producers.get(tensor);
            if (producer == null) {
                throw new IllegalStateException("tensor " + tensor + " of graph " + graph.name() + " is not computed from "
                        + input.name() + " (slice " + name + ")");
            }
            if (needed.add(producer)) {
                producer.inputs().forEach(todo::push);
            }
        }
        List<OnnxNode> nodes = graph.nodes().stream().filter(needed::contains).toList();
        Map<String, OnnxTensor> tensors = new LinkedHashMap<>();
        graph.initializers().forEach((n, t) -> {
            if (initializers.contains(n)) {
                tensors.put(n, t);
            }
        });
        return new OnnxGraph(name, nodes, tensors, List.of(input), List.of(output), Map.of());
    }
}
