package org.sparknas.supernet;

import static org.sparknas.supernet.Intermediates.replace;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import java.util.Map;
import org.sparknas.space.OfaStem;

/** The fixed first layer: k x k convolution with stride, BN, activation. */
final class StemLayer {

    private final OfaStem stem;
    private final int inChannels;
    private final ConvLayer conv;
    private final BatchNormLayer bn;

    StemLayer(ParameterRegistry registry, OfaStem stem, int inChannels) {
        this.stem = stem;
        this.inChannels = inChannels;
        conv = new ConvLayer(registry, "stem.conv", stem.channels(), inChannels, stem.kernel(), false);
        bn = new BatchNormLayer(registry, "stem.bn", stem.channels());
    }

    NDArray apply(ForwardPass pass, NDArray x) {
        NDArray h = conv.apply(pass, x, stem.channels(), inChannels, stem.stride());
        h = replace(h, bn.apply(pass, h, stem.channels()));
        return replace(h, Activations.apply(stem.activation(), h, pass.training()));
    }

    void exportActive(ForwardPass pass, Device device, Map<String, NDArray> into) {
        conv.exportActive(pass, device, stem.channels(), inChannels, into);
        bn.exportActive(pass, device, stem.channels(), into);
    }

    BatchNormLayer batchNorm() {
        return bn;
    }
}
