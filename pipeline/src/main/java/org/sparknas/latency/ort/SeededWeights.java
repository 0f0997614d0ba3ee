package org.sparknas.latency.ort;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.sparknas.space.BlockShape;
import org.sparknas.space.SubnetShape;
import org.sparknas.supernet.SubnetWeights;
import org.sparknas.supernet.WeightTensor;

/**
 * Every tensor a sub-network owns, under the supernet's names and in the shapes {@code StaticSubnet}
 * gives them, filled from a seeded generator: what a latency measurement builds its ONNX graphs
 * from. The time of a layer does not depend on its weights' values, only on its shapes; the values
 * are kept of the scale trained weights have (uniform within the fan-in's He bound, BatchNorm near
 * identity) so that activations stay finite and far from subnormal numbers, which would slow the
 * CPU down.
 */
public final class SeededWeights {

    /** The BatchNorm epsilon of the supernet; ONNX graphs fold it into the convolutions. */
    private static final float EPSILON = 1e-5f;

    private final SplittableRandom random;
    private final Map<String, WeightTensor> tensors = new LinkedHashMap<>();

    private SeededWeights(long seed) {
        this.random = new SplittableRandom(seed);
    }

    public static SubnetWeights of(SubnetShape shape, long seed) {
        SeededWeights w = new SeededWeights(seed);
        w.convBn("stem", shape.stem().channels(), shape.inputChannels(), shape.stem().kernel());
        for (BlockShape b : shape.blocks()) {
            String prefix = "s" + b.stage() + ".b" + b.block();
            w.convBn(prefix + ".expand", b.midChannels(), b.inChannels(), 1);
            w.convBn(prefix + ".depthwise", b.midChannels(), 1, b.kernel());
            if (b.seChannels() > 0) {
                w.conv(prefix + ".se.reduce.weight", b.seChannels(), b.midChannels(), 1);
                w.bias(prefix + ".se.reduce.bias", b.seChannels());
                w.conv(prefix + ".se.expand.weight", b.midChannels(), b.seChannels(), 1);
                w.bias(prefix + ".se.expand.bias", b.midChannels());
            }
            w.convBn(prefix + ".project", b.outChannels(), b.midChannels(), 1);
        }
        w.convBn("head", shape.head().channels(), shape.headInputChannels(), 1);
        w.uniform("head.classifier.weight", new long[] {shape.numClasses(), shape.head().channels()}, shape.head().channels());
        w.bias("head.classifier.bias", shape.numClasses());
        return new SubnetWeights(w.tensors, EPSILON);
    }

    private void convBn(String prefix, int out, int inPerGroup, int kernel) {
        conv(prefix + ".conv.weight", out, inPerGroup, kernel);
        put(prefix + ".bn.gamma", out, 0.9, 1.1);
        put(prefix + ".bn.beta", out, -0.1, 0.1);
        put(prefix + ".bn.running_mean", out, -0.1, 0.1);
        put(prefix + ".bn.running_var", out, 0.9, 1.1);
    }

    private void conv(String name, int out, int inPerGroup, int kernel) {
        uniform(name, new long[] {out, inPerGroup, kernel, kernel}, inPerGroup * kernel * kernel);
    }

    private void bias(String name, int count) {
        put(name, count, -0.1, 0.1);
    }

    private void uniform(String name, long[] shape, int fanIn) {
        double bound = Math.sqrt(6.0 / fanIn);
        int count = 1;
        for (long d : shape) {
            count *= (int) d;
        }
        tensors.put(name, new WeightTensor(shape, draw(count, -bound, bound)));
    }

    private void put(String name, int count, double low, double high) {
        tensors.put(name, new WeightTensor(new long[] {count}, draw(count, low, high)));
    }

    private float[] draw(int count, double low, double high) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) random.nextDouble(low, high);
        }
        return values;
    }
}
