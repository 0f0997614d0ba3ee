package org.sparknas.onnx;

import java.util.function.Consumer;
import org.sparknas.data.ImageSet;
import org.sparknas.supernet.InputNormalization;

/**
 * The first {@code count} images of a set, normalised, walked in batches: the input an ONNX
 * session takes ({@code [n, c, h, w]} floats), made one batch at a time so a large set is never
 * held as floats at once.
 */
public record ImageBatches(ImageSet images, int count, InputNormalization normalization, int batchSize) {

    public ImageBatches {
        if (count <= 0 || count > images.count()) {
            throw new IllegalArgumentException("cannot take " + count + " images of a set of " + images.count());
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
    }

    /** One batch: images {@code from .. from + size - 1}. */
    public record Batch(int from, int size, int channels, int height, int width, float[] values) {
    }

    public void forEach(Consumer<Batch> action) {
        for (int from = 0; from < count; from += batchSize) {
            int size = Math.min(batchSize, count - from);
            action.accept(new Batch(from, size, images.channels(), images.height(), images.width(),
                    normalization.apply(images, from, size)));
        }
    }
}
