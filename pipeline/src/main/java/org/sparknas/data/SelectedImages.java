package org.sparknas.data;

import java.util.Arrays;

/**
 * Some images of another collection, in a given order: the validation, calibration and training
 * parts of a {@link DataSplit}. Nothing is decoded until {@link #read}; serialising a selection of
 * files sends their addresses, not their pixels.
 *
 * @param base    the collection selected from
 * @param indices positions in {@code base}, in the selection's order (owned by the record: not copied)
 */
public record SelectedImages(ImageCollection base, int[] indices) implements ImageCollection {

    public SelectedImages {
        for (int index : indices) {
            if (index < 0 || index >= base.count()) {
                throw new IndexOutOfBoundsException("image " + index + " of " + base.describe());
            }
        }
    }

    @Override
    public String describe() {
        return count() + " of " + base.describe();
    }

    @Override
    public int count() {
        return indices.length;
    }

    @Override
    public int label(int index) {
        return base.label(indices[index]);
    }

    @Override
    public int channels() {
        return base.channels();
    }

    @Override
    public int height() {
        return base.height();
    }

    @Override
    public int width() {
        return base.width();
    }

    @Override
    public int numClasses() {
        return base.numClasses();
    }

    @Override
    public ImageSet read(int[] positions) {
        int[] mapped = new int[positions.length];
        for (int i = 0; i < positions.length; i++) {
            if (positions[i] < 0 || positions[i] >= indices.length) {
                throw new IndexOutOfBoundsException("image " + positions[i] + " of a selection of " + indices.length);
            }
            mapped[i] = indices[positions[i]];
        }
        return base.read(mapped);
    }

    /** A selection of a selection selects from the base directly, so reads never go through a chain of views. */
    @Override
    public ImageCollection select(int[] positions) {
        int[] mapped = new int[positions.length];
        for (int i = 0; i < positions.length; i++) {
            mapped[i] = indices[positions[i]];
        }
        return new SelectedImages(base, mapped);
    }

    @Override
    public String toString() {
        return "SelectedImages[" + describe() + ", first indices " + Arrays.toString(Arrays.copyOf(indices,
                Math.min(5, indices.length))) + "]";
    }
}
