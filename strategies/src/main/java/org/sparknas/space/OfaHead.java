package org.sparknas.space;

/** The fixed end of the network: 1x1 convolution to {@code channels}, BN, activation, global average pool, linear classifier. */
public record OfaHead(int channels, Activation activation) {

    public OfaHead {
        OfaStage.requirePositive("head channels", channels);
    }
}
