package org.sparknas.supernet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.sparknas.data.ImageSet;

/** Turns compact images into normalised network input on a manager's device. */
public final class ImageTensors {

    private ImageTensors() {
    }

    /** Images {@code from .. from + count - 1} as a {@code [count, c, h, w]} float array at their own size. */
    public static NDArray batch(NDManager manager, ImageSet images, int from, int count, InputNormalization normalization) {
        float[] values = normalization.apply(images, from, count);
        return manager.create(values, new Shape(count, images.channels(), images.height(), images.width()));
    }

    /** The same batch resized to {@code resolution} (see {@link InputResize}). */
    public static NDArray batch(NDManager manager, ImageSet images, int from, int count, InputNormalization normalization,
                                int resolution) {
        NDArray raw = batch(manager, images, from, count, normalization);
        NDArray resized = InputResize.to(raw, resolution);
        if (resized != raw) {
            raw.close();
        }
        return resized;
    }
}
