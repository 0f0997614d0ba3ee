package org.sparknas.supernet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Puts a {@code [n, c, h, w]} batch into channels-last memory (NHWC) while keeping its logical
 * NCHW shape. PyTorch's convolutions pick their memory format from the input and pass it on
 * through BatchNorm, activations and residual additions, so one converted input makes the whole
 * network run channels-last, where oneDNN's depthwise convolutions are much faster than in NCHW on
 * small feature maps (the whole forward pass of the default space's sub-networks took about 25%
 * less time on a 2-core CPU). DJL cannot set a memory format, so the copy is made by reshaping the
 * NHWC view through a flat shape (which forces a contiguous copy) and viewing it back as NCHW; for
 * one input channel that is 4 bytes per pixel, once per batch.
 */
public final class ChannelsLast {

    private ChannelsLast() {
    }

    public static NDArray of(NDArray images) {
        Shape s = images.getShape();
        NDArray nhwcView = images.transpose(0, 2, 3, 1);
        NDArray flat = Intermediates.replace(nhwcView, nhwcView.reshape(-1));
        NDArray nhwc = Intermediates.replace(flat, flat.reshape(s.get(0), s.get(2), s.get(3), s.get(1)));
        // the handles of the views are closed; the copy's storage lives on in the result
        return Intermediates.replace(nhwc, nhwc.transpose(0, 3, 1, 2));
    }
}
