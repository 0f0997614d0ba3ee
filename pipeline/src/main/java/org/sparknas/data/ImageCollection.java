package org.sparknas.data;

import java.io.Serializable;

/**
 * Labelled images of one shape that are decoded when read: an {@link ImageSet} in memory, files in
 * storage (a class-folder tree, a Parquet table), or a selection of another collection
 * ({@link SelectedImages}). Labels are known without decoding, so a split can be drawn on the
 * driver of a search over millions of images without reading one of them.
 *
 * <p>Serializable so that a selection can travel to Spark executors, which then read the images
 * themselves instead of receiving them in a broadcast. {@link #read} of the same indices always
 * gives the same bytes, on any machine.
 */
public interface ImageCollection extends Serializable {

    /** A short description for logs and errors, e.g. {@code image-folder hdfs://nn/photos (12,000 images)}. */
    String describe();

    int count();

    /** The class index of image {@code index}, in {@code 0 .. numClasses - 1}, known without decoding it. */
    int label(int index);

    int channels();

    int height();

    int width();

    int numClasses();

    /**
     * The images at {@code indices}, decoded to {@code channels x height x width} bytes, in that order.
     *
     * @throws ImageReadException when an image cannot be read or decoded (naming where it is)
     */
    ImageSet read(int[] indices);

    /** Bytes per decoded image: channels x height x width. */
    default int imageSize() {
        return channels() * height() * width();
    }

    /** The first {@code n} images, decoded. */
    default ImageSet first(int n) {
        if (n < 0 || n > count()) {
            throw new IllegalArgumentException("cannot take " + n + " images of a collection of " + count());
        }
        return read(range(0, n));
    }

    /** Every image, decoded, in order. */
    default ImageSet readAll() {
        return first(count());
    }

    /** The images at {@code indices}, in that order, still undecoded. */
    default ImageCollection select(int[] indices) {
        return new SelectedImages(this, indices);
    }

    /** {@code from, from + 1, ..., to - 1}. */
    static int[] range(int from, int to) {
        int[] indices = new int[Math.max(0, to - from)];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = from + i;
        }
        return indices;
    }
}
