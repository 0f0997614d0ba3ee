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
        if (from < 0 || count <= 0 || from + count > images.count()) {
            throw new IllegalArgumentException("images " + from + ".." + (from + count - 1) + " are not in a set of "
                    + images.count());
        }
        float[] table = normalization.table();
        int size = images.imageSize();
        float[] values = new float[count * size];
        byte[] pixels = images.pixels();
        int offset = from * size;
        for (int i = 0; i < values.length; i++) {
            values[i] = table[pixels[offset + i] & 0xFF];
        }
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
