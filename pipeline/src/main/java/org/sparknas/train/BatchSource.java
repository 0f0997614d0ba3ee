package org.sparknas.train;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.sparknas.data.DataSplit;
import org.sparknas.data.ImageCollection;
import org.sparknas.data.ImageSet;

/**
 * The training batches: each epoch a seeded permutation of the training images (derived from the
 * run's seed, phase and epoch, see {@link Seeds}), cut into full batches (the incomplete last
 * batch is dropped, so every step sees the same number of images), each read (decoded, for images
 * in storage) when it is needed and augmented.
 */
final class BatchSource {

    private final ImageCollection training;
    private final int batchSize;
    private final Augmentation augmentation;
    private final long seed;

    BatchSource(ImageCollection training, int batchSize, Augmentation augmentation, long seed) {
        if (batchSize <= 0 || batchSize > training.count()) {
            throw new IllegalArgumentException("batch size " + batchSize + " must be between 1 and the "
                    + training.count() + " training images");
        }
        this.training = training;
        this.batchSize = batchSize;
        this.augmentation = augmentation;
        this.seed = seed;
    }

    int stepsPerEpoch() {
        return training.count() / batchSize;
    }

    int batchSize() {
        return batchSize;
    }

    /** The image order of one epoch of one phase. */
    int[] order(int phase, int epoch) {
        int n = training.count();
        return DataSplit.permutation(n, Seeds.random(seed, Seeds.EPOCH_ORDER, phase, epoch));
    }

    /** Batch {@code step} of an epoch's {@code order}, augmented with draws from {@code random}. */
    ImageSet batch(int[] order, int step, SplittableRandom random) {
        int from = step * batchSize;
        return augmentation.apply(training.read(Arrays.copyOfRange(order, from, from + batchSize)), random);
    }
}
