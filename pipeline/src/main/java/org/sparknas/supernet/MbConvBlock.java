package org.sparknas.supernet;

import static org.sparknas.supernet.Intermediates.replace;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.Map;
import org.sparknas.space.Activation;
import org.sparknas.space.BlockShape;
import org.sparknas.space.OfaSpace;
import org.sparknas.space.OfaStage;

/**
 * One elastic inverted-residual block (MBConv), holding the weights of its largest form: middle
 * width {@code in * max expand ratio}, the stage's largest kernel. {@link #apply} runs the form a
 * {@link BlockShape} asks for (see {@code SubnetShape} for the exact layers): expand 1x1, BN, act;
 * depthwise k x k, BN, act; squeeze-excite; project 1x1, BN; residual when the shape has one.
 */
final class MbConvBlock {

    private final String name;
    private final int inChannels;
    private final int outChannels;
    private final int maxMid;
    private final Activation activation;
    private final ConvLayer expand;
    private final BatchNormLayer expandBn;
    private final DepthwiseLayer depthwise;
    private final BatchNormLayer depthwiseBn;
    private final SqueezeExcite squeezeExcite;
    private final ConvLayer project;
    private final BatchNormLayer projectBn;

    MbConvBlock(ParameterRegistry registry, String name, int inChannels, OfaStage stage) {
        this.name = name;
        this.inChannels = inChannels;
        this.outChannels = stage.channels();
        this.maxMid = inChannels * stage.maxExpandRatio();
        this.activation = stage.activation();
        expand = new ConvLayer(registry, name + ".expand.conv", maxMid, inChannels, 1, false);
        expandBn = new BatchNormLayer(registry, name + ".expand.bn", maxMid);
        depthwise = new DepthwiseLayer(registry, name + ".depthwise.conv", maxMid, stage.kernels());
        depthwiseBn = new BatchNormLayer(registry, name + ".depthwise.bn", maxMid);
        squeezeExcite = stage.squeezeExcite()
                ? new SqueezeExcite(registry, name + ".se", maxMid, OfaSpace.seChannels(maxMid)) : null;
        project = new ConvLayer(registry, name + ".project.conv", outChannels, maxMid, 1, false);
        projectBn = new BatchNormLayer(registry, name + ".project.bn", outChannels);
    }

    NDArray apply(ForwardPass pass, NDArray x, BlockShape shape) {
        requireFits(shape);
        int mid = shape.midChannels();
        boolean training = pass.training();
        NDArray h = expand.apply(pass, x, mid, inChannels, 1);
        h = replace(h, expandBn.apply(pass, h, mid));
        h = replace(h, Activations.apply(activation, h, training));
        h = replace(h, depthwise.apply(pass, h, mid, shape.kernel(), shape.stride()));
        h = replace(h, depthwiseBn.apply(pass, h, mid));
        h = replace(h, Activations.apply(activation, h, training));
        if (squeezeExcite != null) {
            h = replace(h, squeezeExcite.apply(pass, h, mid, shape.seChannels()));
        }
        h = replace(h, project.apply(pass, h, outChannels, mid, 1));
        h = replace(h, projectBn.apply(pass, h, outChannels));
        if (shape.residual()) {
            h = training ? replace(h, h.add(x)) : h.addi(x);
        }
        return h;
    }

    private void requireFits(BlockShape shape) {
        if (shape.inChannels() != inChannels || shape.outChannels() != outChannels || shape.midChannels() > maxMid
                || (squeezeExcite == null) != (shape.seChannels() == 0)) {
            throw new IllegalArgumentException("block " + name + " (in " + inChannels + ", out " + outChannels + ", middle <= "
                    + maxMid + ", se " + (squeezeExcite != null) + ") cannot run " + shape);
        }
    }

    void exportActive(ForwardPass pass, Device device, BlockShape shape, Map<String, NDArray> into) {
        int mid = shape.midChannels();
        expand.exportActive(pass, device, mid, inChannels, into);
        expandBn.exportActive(pass, device, mid, into);
        depthwise.exportActive(pass, device, mid, shape.kernel(), into);
        depthwiseBn.exportActive(pass, device, mid, into);
        if (squeezeExcite != null) {
            squeezeExcite.exportActive(pass, device, mid, shape.seChannels(), into);
        }
        project.exportActive(pass, device, outChannels, mid, into);
        projectBn.exportActive(pass, device, outChannels, into);
    }

    /**
     * Once-for-All's width re-organisation: sorts the middle channels by the L1 norm of their
     * project weights, most important first, so that every narrower width (a prefix) keeps the
     * most important channels. Everything that touches a middle channel moves with it; the
     * function of the full-width block is unchanged. Call under {@link NoGrad}.
     */
    void reorderByImportance() {
        int[] order = Importance.descending(project.inputImportance());
        project.permuteInputs(order);
        depthwiseBn.permute(order);
        depthwise.permuteChannels(order);
        if (squeezeExcite != null) {
            squeezeExcite.permuteMiddle(order);
        }
        expandBn.permute(order);
        expand.permuteOutputs(order);
    }

    /** Per middle channel, the L1 norm of its project weights (what {@link #reorderByImportance} sorts by). */
    float[] middleImportance() {
        return project.inputImportance();
    }

    List<BatchNormLayer> batchNorms() {
        return List.of(expandBn, depthwiseBn, projectBn);
    }

    String name() {
        return name;
    }
}
