package org.sparknas.supernet;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Map;

/**
 * BatchNorm over a prefix of its channels: gamma, beta and the running statistics are sliced as
 * views, so a training-mode pass updates the running statistics of the active channels in place in
 * the full buffers and leaves the others untouched (Once-for-All's DynamicBatchNorm2d).
 */
final class BatchNormLayer {

    /** PyTorch's and Once-for-All's defaults. */
    static final float EPSILON = 1e-5f;
    static final float MOMENTUM = 0.1f;

    private final String name;
    private final int channels;
    private final Parameter gamma;
    private final Parameter beta;
    private final Parameter runningMean;
    private final Parameter runningVar;

    BatchNormLayer(ParameterRegistry registry, String name, int channels) {
        this.name = name;
        this.channels = channels;
        Shape shape = new Shape(channels);
        gamma = registry.register(name + ".gamma", Parameter.Type.GAMMA, shape);
        beta = registry.register(name + ".beta", Parameter.Type.BETA, shape);
        runningMean = registry.register(name + ".running_mean", Parameter.Type.RUNNING_MEAN, shape);
        runningVar = registry.register(name + ".running_var", Parameter.Type.RUNNING_VAR, shape);
    }

    String name() {
        return name;
    }

    NDArray apply(ForwardPass pass, NDArray x, int width) {
        Device device = x.getDevice();
        NDArray g = slice(pass, gamma, device, width);
        NDArray b = slice(pass, beta, device, width);
        if (pass.observed()) {
            pass.observer().batchNorm(name, width);
        }
        return switch (pass.norm()) {
            case INFERENCE -> batchNorm(x, slice(pass, runningMean, device, width), slice(pass, runningVar, device, width),
                    g, b, false, MOMENTUM);
            case TRAINING -> batchNorm(x, slice(pass, runningMean, device, width), slice(pass, runningVar, device, width),
                    g, b, true, MOMENTUM);
            case CALIBRATION -> calibrate(pass, x, width, g, b);
        };
    }

    /**
     * PyTorch's batch_norm over dimension 1 (channels), called directly: DJL's {@code BatchNorm.batchNorm}
     * with axis 1 wraps it in two axis swaps and a sub-manager, extra native calls on every layer of
     * every batch. {@code momentum} is PyTorch's (0.1: the new batch weighs 10%).
     */
    private static NDArray batchNorm(NDArray x, NDArray mean, NDArray var, NDArray g, NDArray b, boolean training,
                                     float momentum) {
        return JniUtils.batchNorm((PtNDArray) x, (PtNDArray) mean, (PtNDArray) var, (PtNDArray) g, (PtNDArray) b, training,
                momentum, EPSILON);
    }

    /**
     * Normalises with the batch statistics, and gets them from the same fused op: with momentum 1
     * the "running" buffers it updates receive exactly the batch mean and the unbiased batch variance.
     */
    private NDArray calibrate(ForwardPass pass, NDArray x, int width, NDArray g, NDArray b) {
        NDManager manager = x.getManager();
        NDArray batchMean = manager.zeros(new Shape(width), DataType.FLOAT32, x.getDevice());
        NDArray batchVar = manager.ones(new Shape(width), DataType.FLOAT32, x.getDevice());
        NDArray y = batchNorm(x, batchMean, batchVar, g, b, true, 1f);
        pass.observer().batchStatistics(name, x, batchMean, batchVar);
        batchMean.close();
        batchVar.close();
        return y;
    }

    /** A prefix view (cached views share the parameter's storage, so they see re-calibrated values). */
    private NDArray slice(ForwardPass pass, Parameter parameter, Device device, int width) {
        NDArray full = pass.value(parameter, device);
        return width == channels ? full : pass.cached(parameter.getName() + ":" + width, () -> full.get(new NDIndex(":{}", width)));
    }

    /** Sets the running statistics of the first {@code mean.length} channels. Call under {@link NoGrad}. */
    void writeStatistics(float[] mean, float[] variance) {
        if (mean.length != variance.length || mean.length > channels) {
            throw new IllegalArgumentException(name + " has " + channels + " channels; got " + mean.length + " means and "
                    + variance.length + " variances");
        }
        ParameterArrays.writePrefix(runningMean.getArray(), mean);
        ParameterArrays.writePrefix(runningVar.getArray(), variance);
    }

    void permute(int[] order) {
        for (Parameter p : new Parameter[] {gamma, beta, runningMean, runningVar}) {
            NDArray array = p.getArray();
            ParameterArrays.write(array, ParameterArrays.permute(array.toFloatArray(), array.getShape(), 0, order));
        }
    }

    void exportActive(ForwardPass pass, Device device, int width, Map<String, NDArray> into) {
        into.put(name + ".gamma", slice(pass, gamma, device, width));
        into.put(name + ".beta", slice(pass, beta, device, width));
        into.put(name + ".running_mean", slice(pass, runningMean, device, width));
        into.put(name + ".running_var", slice(pass, runningVar, device, width));
    }
}
