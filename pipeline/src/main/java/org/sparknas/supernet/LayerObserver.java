package org.sparknas.supernet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Sees the layers a forward pass actually runs, with the shapes they actually had. BatchNorm
 * re-calibration listens to the batch statistics; cost counting listens to the convolutions,
 * BatchNorms and the classifier. Every method has a no-op default.
 */
public interface LayerObserver {

    LayerObserver NONE = new LayerObserver() {
    };

    /**
     * A convolution ran.
     *
     * @param weight {@code [out, in / groups, k, k]}, as used (sliced and transformed)
     * @param output {@code [n, out, h, w]}
     */
    default void convolution(String layer, Shape weight, Shape output, boolean bias) {
    }

    /** The classifier ran: {@code weight} is {@code [classes, features]}. */
    default void linear(String layer, Shape weight, boolean bias) {
    }

    /** A BatchNorm over {@code channels} channels ran (any mode). */
    default void batchNorm(String layer, int channels) {
    }

    /**
     * In {@link NormMode#CALIBRATION} only: a BatchNorm's input and its batch statistics.
     *
     * @param input            {@code [n, c, h, w]}
     * @param mean             {@code [c]}, the mean over n, h and w
     * @param unbiasedVariance {@code [c]}, the variance over n, h and w with Bessel's correction
     */
    default void batchStatistics(String layer, NDArray input, NDArray mean, NDArray unbiasedVariance) {
    }
}
