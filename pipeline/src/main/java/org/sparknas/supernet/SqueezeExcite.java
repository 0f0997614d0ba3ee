package org.sparknas.supernet;

import static org.sparknas.supernet.Intermediates.replace;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.pooling.Pool;
import java.util.Map;

/**
 * MobileNetV3's squeeze-excite: global average pool, 1x1 conv mid -> se with bias, ReLU, 1x1 conv
 * se -> mid with bias, h-sigmoid, and the input scaled by the result. Both widths are prefixes.
 */
final class SqueezeExcite {

    private final ConvLayer reduce;
    private final ConvLayer expand;

    SqueezeExcite(ParameterRegistry registry, String name, int maxMid, int maxSe) {
        reduce = new ConvLayer(registry, name + ".reduce", maxSe, maxMid, 1, true);
        expand = new ConvLayer(registry, name + ".expand", maxMid, maxSe, 1, true);
    }

    NDArray apply(ForwardPass pass, NDArray x, int mid, int se) {
        // DJL's PyTorch engine reduces one axis at a time; adaptive pooling to 1x1 is one op, as in PyTorch
        NDArray s = Pool.globalAvgPool2d(x);
        s = replace(s, s.reshape(-1, mid, 1, 1));
        s = replace(s, reduce.apply(pass, s, se, mid, 1));
        s = replace(s, ai.djl.nn.Activation.relu(s));
        s = replace(s, expand.apply(pass, s, mid, se, 1));
        s = replace(s, Activations.hardSigmoid(s, pass.training()));
        // outside training, scale the block's own intermediate in place
        NDArray y = pass.training() ? x.mul(s) : x.muli(s);
        s.close();
        return y;
    }

    void exportActive(ForwardPass pass, Device device, int mid, int se, Map<String, NDArray> into) {
        reduce.exportActive(pass, device, se, mid, into);
        expand.exportActive(pass, device, mid, se, into);
    }

    /** Follows a re-ordering of the block's middle channels, then sorts its own hidden channels by importance. */
    void permuteMiddle(int[] order) {
        reduce.permuteInputs(order);
        expand.permuteOutputs(order);
        int[] hidden = Importance.descending(expand.inputImportance());
        reduce.permuteOutputs(hidden);
        expand.permuteInputs(hidden);
    }
}
