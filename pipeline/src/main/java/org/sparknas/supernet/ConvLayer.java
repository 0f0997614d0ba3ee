package org.sparknas.supernet;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import java.util.Map;

/**
 * A dense k x k convolution (1x1 for MBConv's expand and project layers, the stem's k x k) whose
 * active output and input widths are prefixes of its largest ones: the active weight is the view
 * {@code weight[:out, :in]}, so switching widths copies nothing and gradients reach only the
 * active entries. Padding is {@code k / 2}.
 */
final class ConvLayer {

    private final String name;
    private final Parameter weight;
    private final Parameter bias;
    private final int maxOut;
    private final int maxIn;
    private final int kernel;

    ConvLayer(ParameterRegistry registry, String name, int maxOut, int maxIn, int kernel, boolean withBias) {
        this.name = name;
        this.maxOut = maxOut;
        this.maxIn = maxIn;
        this.kernel = kernel;
        this.weight = registry.register(name + ".weight", Parameter.Type.WEIGHT, new Shape(maxOut, maxIn, kernel, kernel));
        this.bias = withBias ? registry.register(name + ".bias", Parameter.Type.BIAS, new Shape(maxOut)) : null;
    }

    NDArray apply(ForwardPass pass, NDArray x, int out, int in, int stride) {
        NDArray w = activeWeight(pass, x.getDevice(), out, in);
        NDArray b = activeBias(pass, x.getDevice(), out);
        int pad = kernel / 2;
        NDArray y = Conv2d.conv2d(x, w, b, new Shape(stride, stride), new Shape(pad, pad), new Shape(1, 1), 1)
                .singletonOrThrow();
        if (pass.observed()) {
            pass.observer().convolution(name, w.getShape(), y.getShape(), b != null);
        }
        return y;
    }

    private NDArray activeWeight(ForwardPass pass, Device device, int out, int in) {
        NDArray w = pass.value(weight, device);
        if (out == maxOut && in == maxIn) {
            return w;
        }
        if (pass.cache() == null) {
            // views: under a gradient collector the gradient must reach the parameter (a copy would cut it off)
            return in == maxIn ? w.get(new NDIndex(":{}", out)) : w.get(new NDIndex(":{}, :{}", out, in));
        }
        // a prefix of the rows is contiguous already; a prefix of the columns is copied once, not per call
        return pass.cached(name + ".weight:" + out + "x" + in, () -> in == maxIn
                ? w.get(new NDIndex(":{}", out)) : w.get(new NDIndex(":{}, :{}", out, in)).duplicate());
    }

    private NDArray activeBias(ForwardPass pass, Device device, int out) {
        if (bias == null) {
            return null;
        }
        NDArray b = pass.value(bias, device);
        return out == maxOut ? b : pass.cached(name + ".bias:" + out, () -> b.get(new NDIndex(":{}", out)));
    }

    /** The active sub-network's own tensors, named as in the supernet. */
    void exportActive(ForwardPass pass, Device device, int out, int in, Map<String, NDArray> into) {
        into.put(name + ".weight", activeWeight(pass, device, out, in));
        if (bias != null) {
            into.put(name + ".bias", activeBias(pass, device, out));
        }
    }

    /** Re-orders the output channels (weight rows and bias): position i takes channel {@code order[i]}. */
    void permuteOutputs(int[] order) {
        permute(weight, 0, order);
        if (bias != null) {
            permute(bias, 0, order);
        }
    }

    /** Re-orders the input channels (weight columns). */
    void permuteInputs(int[] order) {
        permute(weight, 1, order);
    }

    /** Per input channel, the sum of absolute weights over all outputs and positions (Once-for-All's importance). */
    float[] inputImportance() {
        NDArray w = weight.getArray();
        float[] values = w.toFloatArray();
        float[] importance = new float[maxIn];
        int perOutput = maxIn * kernel * kernel;
        for (int i = 0; i < values.length; i++) {
            importance[(i % perOutput) / (kernel * kernel)] += Math.abs(values[i]);
        }
        return importance;
    }

    private static void permute(Parameter parameter, int axis, int[] order) {
        NDArray array = parameter.getArray();
        ParameterArrays.write(array, ParameterArrays.permute(array.toFloatArray(), array.getShape(), axis, order));
    }
}
