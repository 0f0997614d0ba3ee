package org.sparknas.supernet;

import ai.djl.modality.cv.Image;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Elastic resolution: images are resized to the active resolution with anti-aliased bilinear
 * interpolation (a triangle filter widened by the scale factor, half-pixel centres: PIL's and
 * torchvision's {@code Resize}, which Once-for-All's data pipeline uses; DJL's PyTorch engine always
 * anti-aliases bilinear interpolation). The same op serves the supernet's forward, the evaluator's
 * per-resolution cache and the exported model, so they all see identical pixels.
 */
public final class InputResize {

    private InputResize() {
    }

    /** {@code images} ({@code [n, c, h, w]}) at {@code resolution x resolution}; the same array when already so. */
    public static NDArray to(NDArray images, int resolution) {
        Shape shape = images.getShape();
        if (shape.dimension() != 4) {
            throw new IllegalArgumentException("images must be [n, channels, height, width], got " + shape);
        }
        if (shape.get(2) == resolution && shape.get(3) == resolution) {
            return images;
        }
        return images.getNDArrayInternal()
                .interpolation(new long[] {resolution, resolution}, Image.Interpolation.BILINEAR.ordinal(), false);
    }
}
