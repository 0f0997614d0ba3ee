package org.sparknas.data;

/**
 * What every collection of images in storage shares: one label byte per image, the class names,
 * and the {@link ImageDecoder} that fixes the decoded shape. Subclasses say where the images are
 * and how to read them.
 */
abstract class StoredImages implements ImageCollection {

    private static final long serialVersionUID = 1L;

    /** One class index per image, in the collection's order. */
    protected final byte[] labels;
    protected final String[] classes;
    protected final ImageDecoder decoder;

    StoredImages(byte[] labels, String[] classes, ImageDecoder decoder) {
        this.labels = labels;
        this.classes = classes;
        this.decoder = decoder;
    }

    @Override
    public int count() {
        return labels.length;
    }

    @Override
    public int label(int index) {
        return Byte.toUnsignedInt(labels[index]);
    }

    @Override
    public int channels() {
        return decoder.channels();
    }

    @Override
    public int height() {
        return decoder.size();
    }

    @Override
    public int width() {
        return decoder.size();
    }

    @Override
    public int numClasses() {
        return classes.length;
    }

    /** Refuses an index outside the collection, naming it. */
    protected void requireIndices(int[] indices) {
        for (int index : indices) {
            if (index < 0 || index >= labels.length) {
                throw new IndexOutOfBoundsException("image " + index + " of " + describe());
            }
        }
    }

    /** The images at {@code indices}, each decoded by {@link #decoder} into {@code images}, as one set. */
    protected ImageSet decoded(byte[][] images, int[] indices) {
        byte[] selected = new byte[indices.length];
        for (int i = 0; i < indices.length; i++) {
            selected[i] = labels[indices[i]];
        }
        return new ImageSet(DecodePool.concat(images, decoder.imageBytes()), selected, decoder.channels(), decoder.size(),
                decoder.size(), classes.length);
    }
}
