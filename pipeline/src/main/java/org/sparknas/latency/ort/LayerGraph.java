package org.sparknas.latency.ort;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.sparknas.latency.LayerKey;
import org.sparknas.latency.SpaceLayers;
import org.sparknas.onnx.OnnxGraph;
import org.sparknas.onnx.OnnxNode;
import org.sparknas.onnx.OnnxTensor;
import org.sparknas.onnx.OnnxValue;
import org.sparknas.onnx.SubnetGraph;
import org.sparknas.space.BlockShape;
import org.sparknas.space.SubnetShape;
import org.sparknas.supernet.SubnetWeights;

/**
 * A latency-table entry's own ONNX graph: one stem, MBConv block or head built by the code that
 * builds whole sub-networks ({@link SubnetGraph}), so that it runs the operators, shapes and graph
 * optimisations the layer gets inside a network; or, for the validation, a whole sub-network.
 *
 * @param key        the table entry it measures ({@code null} for a whole network)
 * @param imageShape the shape of one item of its input (channels, height, width); the batch goes first
 */
record LayerGraph(LayerKey key, OnnxGraph graph, long[] imageShape) {

    /** The input shape at {@code batch}. */
    long[] inputShape(int batch) {
        return new long[] {batch, imageShape[0], imageShape[1], imageShape[2]};
    }

    /** One graph per layer of {@code shape}, in the order of {@link SpaceLayers#keys}: stem, blocks, head. */
    static List<LayerGraph> layers(SubnetShape shape, long seed) {
        SubnetWeights weights = SeededWeights.of(shape, seed);
        List<LayerKey> keys = SpaceLayers.keys(shape);
        List<LayerGraph> layers = new ArrayList<>();
        layers.add(new LayerGraph(keys.get(0), SubnetGraph.stemLayer(shape, weights, keys.get(0).text()),
                image(shape.inputChannels(), shape.resolution())));
        for (int i = 0; i < shape.blocks().size(); i++) {
            BlockShape b = shape.blocks().get(i);
            LayerKey key = keys.get(1 + i);
            layers.add(new LayerGraph(key, SubnetGraph.blockLayer(b, weights, key.text()), image(b.inChannels(), b.inputSize())));
        }
        LayerKey head = keys.get(keys.size() - 1);
        layers.add(new LayerGraph(head, SubnetGraph.headLayer(shape, weights, head.text()),
                image(shape.headInputChannels(), shape.headInputSize())));
        return layers;
    }

    /** The whole sub-network, fed images already at its resolution (as the DJL tables' networks are). */
    static LayerGraph network(SubnetShape shape, long seed, String name) {
        return new LayerGraph(null, SubnetGraph.build(shape, SeededWeights.of(shape, seed), name),
                image(shape.inputChannels(), shape.resolution()));
    }

    /**
     * The smallest graph there is (one ReLU of one value): its run time is what every session call
     * costs besides its layers (the call through JNI, binding the input, allocating and releasing
     * the outputs), which a whole network pays once and a sum of one-layer graphs once per layer.
     */
    static LayerGraph callOverhead() {
        OnnxValue input = new OnnxValue(SubnetGraph.LAYER_INPUT, OnnxTensor.ElementType.FLOAT, List.of("batch", 1L, 1L, 1L));
        OnnxValue output = new OnnxValue("y", OnnxTensor.ElementType.FLOAT, List.of("batch", 1L, 1L, 1L));
        OnnxNode relu = new OnnxNode("Relu", "y", List.of(SubnetGraph.LAYER_INPUT), List.of("y"), List.of());
        return new LayerGraph(null, new OnnxGraph("call-overhead", List.of(relu), Map.of(), List.of(input), List.of(output),
                Map.of()), image(1, 1));
    }

    private static long[] image(int channels, int size) {
        return new long[] {channels, size, size};
    }
}
