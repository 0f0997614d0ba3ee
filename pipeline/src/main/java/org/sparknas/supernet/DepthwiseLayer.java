package org.sparknas.supernet;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import java.util.List;
import java.util.Map;

/**
 * Once-for-All's elastic depthwise convolution. One weight of the largest kernel K is shared by all
 * kernel sizes: a smaller kernel is the centre of the next larger one passed through a learned
 * kernel-transformation matrix, step by step (e.g. 7 -> 5 through a 25x25 matrix, then 5 -> 3
 * through a 9x9 one), with matrices shared by all channels and initialised to the identity. A
 * matrix M acts like a linear layer, {@code out = in * M^T} on the flattened kernel, as in OFA.
 * The active width is a prefix of the channels.
 */
final class DepthwiseLayer {

    private final String name;
    private final Parameter weight;
    private final List<Integer> kernels;
    /** {@code transforms[i]} maps {@code kernels[i + 1]} to {@code kernels[i]}. */
    private final Parameter[] transforms;
    private final int maxChannels;
    private final int maxKernel;

    DepthwiseLayer(ParameterRegistry registry, String name, int maxChannels, List<Integer> kernels) {
        this.name = name;
        this.maxChannels = maxChannels;
        this.kernels = List.copyOf(kernels);
        this.maxKernel = kernels.get(kernels.size() - 1);
        this.weight = registry.register(name + ".weight", Parameter.Type.WEIGHT, new Shape(maxChannels, 1, maxKernel, maxKernel));
        this.transforms = new Parameter[kernels.size() - 1];
        for (int i = 0; i < transforms.length; i++) {
            int target = kernels.get(i);
            transforms[i] = registry.register(transformName(name, kernels.get(i + 1), target), Parameter.Type.OTHER,
                    new Shape(target * target, target * target));
        }
    }

    static String transformName(String layer, int from, int to) {
        return layer + ".transform." + from + "to" + to;
    }

    NDArray apply(ForwardPass pass, NDArray x, int channels, int kernel, int stride) {
        NDArray w = activeKernel(pass, x.getDevice(), channels, kernel);
        int pad = kernel / 2;
        NDArray y = Conv2d.conv2d(x, w, null, new Shape(stride, stride), new Shape(pad, pad), new Shape(1, 1), channels)
                .singletonOrThrow();
        if (pass.observed()) {
            pass.observer().convolution(name, w.getShape(), y.getShape(), false);
        }
        return y;
    }

    /** The {@code [channels, 1, kernel, kernel]} filter the active sub-network uses. */
    NDArray activeKernel(ForwardPass pass, Device device, int channels, int kernel) {
        if (channels == maxChannels && kernel == maxKernel) {
            return pass.value(weight, device);
        }
        return pass.cached(name + ".weight:" + channels + "k" + kernel, () -> transformedKernel(pass, device, channels, kernel));
    }

    private NDArray transformedKernel(ForwardPass pass, Device device, int channels, int kernel) {
        int index = kernels.indexOf(kernel);
        if (index < 0) {
            throw new IllegalArgumentException("layer " + name + " has kernel sizes " + kernels + ", not " + kernel);
        }
        NDArray w = pass.value(weight, device);
        NDArray filter = channels == maxChannels ? w : w.get(new NDIndex(":{}", channels));
        for (int i = kernels.size() - 2; i >= index; i--) {
            int source = kernels.get(i + 1);
            int target = kernels.get(i);
            int start = (source - target) / 2;
            NDArray centre = filter.get(new NDIndex(":, :, {}:{}, {}:{}", start, start + target, start, start + target));
            NDArray matrix = pass.value(transforms[i], device);
            filter = Linear.linear(centre.reshape(channels, (long) target * target), matrix).singletonOrThrow()
                    .reshape(channels, 1, target, target);
        }
        return filter;
    }

    void exportActive(ForwardPass pass, Device device, int channels, int kernel, Map<String, NDArray> into) {
        into.put(name + ".weight", activeKernel(pass, device, channels, kernel));
    }

    void permuteChannels(int[] order) {
        NDArray array = weight.getArray();
        ParameterArrays.write(array, ParameterArrays.permute(array.toFloatArray(), array.getShape(), 0, order));
    }
}
