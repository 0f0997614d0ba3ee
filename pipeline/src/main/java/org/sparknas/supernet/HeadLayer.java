package org.sparknas.supernet;

import static org.sparknas.supernet.Intermediates.replace;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.pooling.Pool;
import java.util.Map;
import org.sparknas.space.OfaHead;

/** The fixed end: 1x1 convolution, BN, activation, global average pool, linear classifier. */
final class HeadLayer {

    private final OfaHead head;
    private final int inChannels;
    private final ConvLayer conv;
    private final BatchNormLayer bn;
    private final LinearLayer classifier;

    HeadLayer(ParameterRegistry registry, OfaHead head, int inChannels, int numClasses) {
        this.head = head;
        this.inChannels = inChannels;
        conv = new ConvLayer(registry, "head.conv", head.channels(), inChannels, 1, false);
        bn = new BatchNormLayer(registry, "head.bn", head.channels());
        classifier = new LinearLayer(registry, "head.classifier", numClasses, head.channels());
    }

    NDArray apply(ForwardPass pass, NDArray x) {
        NDArray h = conv.apply(pass, x, head.channels(), inChannels, 1);
        h = replace(h, bn.apply(pass, h, head.channels()));
        h = replace(h, Activations.apply(head.activation(), h, pass.training()));
        h = replace(h, Pool.globalAvgPool2d(h));
        return replace(h, classifier.apply(pass, h));
    }

    void exportActive(ForwardPass pass, Device device, Map<String, NDArray> into) {
        conv.exportActive(pass, device, head.channels(), inChannels, into);
        bn.exportActive(pass, device, head.channels(), into);
        classifier.exportActive(pass, device, into);
    }

    BatchNormLayer batchNorm() {
        return bn;
    }
}
