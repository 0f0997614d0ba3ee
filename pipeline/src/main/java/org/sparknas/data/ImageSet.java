package org.sparknas.data;

import java.util.Arrays;

/**
 * Labelled images as two compact byte arrays: {@code pixels} holds the images one after the other,
 * each {@code channels x height x width} in that order (one byte per value, 0-255), and
 * {@code labels} one class index per image. This is what the driver broadcasts: 5,000 Fashion-MNIST
 * images are 3.9 MB.
 *
 * <p>The record owns its arrays and never changes them; callers must not change them either (they
 * are not copied, because copying tens of megabytes per access is what this type avoids). Equality
 * is therefore identity of the arrays, as for any record with array components.
 */
public record ImageSet(byte[] pixels, byte[] labels, int channels, int height, int width, int numClasses)
        implements ImageCollection {

    public ImageSet {
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("image shape must be positive, got " + channels + "x" + height + "x" + width);
        }
        if (numClasses < 2 || numClasses > 256) {
            throw new IllegalArgumentException("number of classes must be in 2..256, got " + numClasses);
        }
        long expected = (long) labels.length * channels * height * width;
        if (pixels.length != expected) {
            throw new IllegalArgumentException(labels.length + " labels need " + expected + " pixel bytes of "
                    + channels + "x" + height + "x" + width + " images, got " + pixels.length);
        }
        for (int i = 0; i < labels.length; i++) {
            if (Byte.toUnsignedInt(labels[i]) >= numClasses) {
                throw new IllegalArgumentException("label " + Byte.toUnsignedInt(labels[i]) + " of image " + i
                        + " is not below the number of classes " + numClasses);
            }
        }
    }

    @Override
    public String describe() {
        return count() + " images of " + channels + "x" + height + "x" + width + " in memory";
    }

    @Override
    public int count() {
        return labels.length;
    }

    /** Bytes per image: channels x height x width. */
    @Override
    public int imageSize() {
        return channels * height * width;
    }

    @Override
    public int label(int index) {
        return Byte.toUnsignedInt(labels[index]);
    }

    /** The images at {@code indices}, in that order (copied: the result is independent of this set). */
    @Override
    public ImageSet read(int[] indices) {
        return subset(indices);
    }

    /** The images at {@code indices}, in that order (copied: the result is independent of this set). */
    public ImageSet subset(int[] indices) {
        int size = imageSize();
        byte[] px = new byte[indices.length * size];
        byte[] lb = new byte[indices.length];
        for (int i = 0; i < indices.length; i++) {
            int from = indices[i];
            if (from < 0 || from >= count()) {
                throw new IndexOutOfBoundsException("image " + from + " of a set of " + count());
            }
            System.arraycopy(pixels, from * size, px, i * size, size);
            lb[i] = labels[from];
        }
        return new ImageSet(px, lb, channels, height, width, numClasses);
    }

    /** The first {@code n} images (copied). */
    @Override
    public ImageSet first(int n) {
        if (n < 0 || n > count()) {
            throw new IllegalArgumentException("cannot take " + n + " images of a set of " + count());
        }
        return new ImageSet(Arrays.copyOf(pixels, n * imageSize()), Arrays.copyOf(labels, n), channels, height, width,
                numClasses);
    }

    /** This set itself: it is immutable, so nothing needs copying. */
    @Override
    public ImageSet readAll() {
        return this;
    }

    @Override
    public String toString() {
        return "ImageSet[" + count() + " images of " + channels + "x" + height + "x" + width + ", " + numClasses + " classes]";
    }
}
