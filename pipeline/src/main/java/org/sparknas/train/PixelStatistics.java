package org.sparknas.train;

import org.sparknas.data.ImageSet;
import org.sparknas.supernet.InputNormalization;

/**
 * The input normalisation a supernet is trained with: the mean and standard deviation of the
 * training images' pixels (in [0, 1]), rounded to four decimals so the manifest reads cleanly
 * (Fashion-MNIST's 55,000 training images give about 0.286 and 0.353). Stored with the weights.
 */
final class PixelStatistics {

    private PixelStatistics() {
    }

    static InputNormalization of(ImageSet training) {
        long[] histogram = new long[256];
        for (byte b : training.pixels()) {
            histogram[b & 0xFF]++;
        }
        double n = training.pixels().length;
        double mean = 0;
        for (int v = 0; v < 256; v++) {
            mean += histogram[v] * (v / 255.0);
        }
        mean /= n;
        double squares = 0;
        for (int v = 0; v < 256; v++) {
            double d = v / 255.0 - mean;
            squares += histogram[v] * d * d;
        }
        double std = Math.sqrt(squares / n);
        if (!(std > 0)) {
            throw new IllegalArgumentException("the training images are all one colour; nothing can be learned from them");
        }
        return new InputNormalization(round(mean), round(std));
    }

    private static float round(double v) {
        return (float) (Math.round(v * 1e4) / 1e4);
    }
}
