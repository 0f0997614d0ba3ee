package org.sparknas.train;

import java.util.SplittableRandom;
import org.sparknas.data.ImageSet;

/**
 * Training-time augmentation on the compact images, before normalisation: a random translation
 * by up to {@code padCrop} pixels in each direction, the uncovered border filled with 0 (a crop
 * of the image padded with black, Fashion-MNIST's background), and a horizontal flip with
 * probability one half (garments are left-right symmetric classes).
 */
record Augmentation(int padCrop, boolean horizontalFlip) {

    static final Augmentation NONE = new Augmentation(0, false);

    Augmentation {
        if (padCrop < 0) {
            throw new IllegalArgumentException("the crop padding cannot be negative, got " + padCrop);
        }
    }

    /** {@code batch} with each image transformed with draws from {@code random}, in order. */
    ImageSet apply(ImageSet batch, SplittableRandom random) {
        if (padCrop == 0 && !horizontalFlip) {
            return batch;
        }
        int c = batch.channels();
        int h = batch.height();
        int w = batch.width();
        int size = batch.imageSize();
        int count = batch.count();
        byte[] pixels = new byte[count * size];
        byte[] from = batch.pixels();
        for (int i = 0; i < count; i++) {
            int base = i * size;
            int dy = padCrop == 0 ? 0 : random.nextInt(2 * padCrop + 1) - padCrop;
            int dx = padCrop == 0 ? 0 : random.nextInt(2 * padCrop + 1) - padCrop;
            boolean flip = horizontalFlip && random.nextBoolean();
            int out = i * size;
            for (int ch = 0; ch < c; ch++) {
                for (int y = 0; y < h; y++) {
                    int sy = y + dy;
                    for (int x = 0; x < w; x++) {
                        int sx = (flip ? w - 1 - x : x) + dx;
                        if (sy >= 0 && sy < h && sx >= 0 && sx < w) {
                            pixels[out + (ch * h + y) * w + x] = from[base + (ch * h + sy) * w + sx];
                        }
                    }
                }
            }
        }
        return new ImageSet(pixels, batch.labels(), c, h, w, batch.numClasses());
    }
}
