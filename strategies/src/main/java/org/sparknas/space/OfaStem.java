package org.sparknas.space;

/** The fixed first convolution: kernel x kernel, stride, input channels -> channels, BN, activation. */
public record OfaStem(int channels, int kernel, int stride, Activation activation) {

    public OfaStem {
        OfaStage.requirePositive("stem channels", channels);
        OfaStage.requireOdd("stem kernel", kernel);
        OfaStage.requireStride("stem stride", stride);
    }
}
