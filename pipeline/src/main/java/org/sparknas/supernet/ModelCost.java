package org.sparknas.supernet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import ai.djl.util.Pair;

/**
 * Multiply-accumulates per image and trainable parameters, counted from a DJL model itself rather
 * than from the cost formula, so that the two can be checked against each other. MACs count
 * convolutions and linear layers (as the cost model does); parameters count every parameter except
 * BatchNorm running statistics.
 */
public record ModelCost(long macs, long params) {

    /** Walks a network of DJL layers (e.g. a {@link StaticSubnet}), propagating shapes from {@code input}. */
    public static ModelCost of(Block network, Shape input) {
        long[] macs = {0};
        walk(network, new Shape[] {input}, macs);
        long params = 0;
        for (Pair<String, Parameter> p : network.getParameters()) {
            Parameter.Type type = p.getValue().getType();
            if (type != Parameter.Type.RUNNING_MEAN && type != Parameter.Type.RUNNING_VAR) {
                params += p.getValue().getArray().getShape().size();
            }
        }
        return new ModelCost(macs[0] / input.get(0), params);
    }

    private static Shape[] walk(Block block, Shape[] inputs, long[] macs) {
        if (block instanceof SequentialBlock) {
            Shape[] shapes = inputs;
            for (Block child : block.getChildren().values()) {
                shapes = walk(child, shapes, macs);
            }
            return shapes;
        }
        if (block instanceof ParallelBlock) {
            for (Block child : block.getChildren().values()) {
                walk(child, inputs, macs);
            }
            return block.getOutputShapes(inputs);
        }
        Shape[] outputs = block.getOutputShapes(inputs);
        if (block instanceof Convolution) {
            Shape w = block.getParameters().get("weight").getArray().getShape();
            // each output value: in/groups x kh x kw multiply-adds
            macs[0] += outputs[0].size() * w.get(1) * w.get(2) * w.get(3);
        } else if (block instanceof Linear) {
            macs[0] += inputs[0].get(0) * block.getParameters().get("weight").getArray().getShape().size();
        }
        return outputs;
    }

    /**
     * Runs the supernet's active sub-network on one blank image and counts the layers it actually
     * ran, with the weights as they were used (sliced, transformed).
     */
    @SuppressWarnings("try") // resources held open for their scope (grad mode, NDScope)
    public static ModelCost ofActive(ElasticSupernet supernet, NDManager manager) {
        Counter counter = new Counter();
        try (NoGrad ignored = NoGrad.enter(); NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            int r = supernet.active().resolution();
            NDArray image = manager.zeros(new Shape(1, supernet.space().inputChannels(), r, r));
            supernet.forward(image, supernet.pass(NormMode.INFERENCE, counter));
        }
        return new ModelCost(counter.macs, counter.params);
    }

    private static final class Counter implements LayerObserver {

        private long macs;
        private long params;

        @Override
        public void convolution(String layer, Shape weight, Shape output, boolean bias) {
            macs += output.size() / output.get(0) * weight.get(1) * weight.get(2) * weight.get(3);
            params += weight.size() + (bias ? weight.get(0) : 0);
        }

        @Override
        public void linear(String layer, Shape weight, boolean bias) {
            macs += weight.size();
            params += weight.size() + (bias ? weight.get(0) : 0);
        }

        @Override
        public void batchNorm(String layer, int channels) {
            params += 2L * channels;
        }
    }
}
