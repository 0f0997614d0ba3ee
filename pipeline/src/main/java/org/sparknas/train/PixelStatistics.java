package org.sparknas.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.sparknas.data.DataSplit;
import org.sparknas.data.ImageCollection;
import org.sparknas.data.ImageSet;
import org.sparknas.supernet.InputNormalization;

/**
 * The input normalisation a supernet is trained with: per channel, the mean and standard deviation
 * of the training images' values of that channel (in [0, 1]), rounded to four decimals so the
 * manifest reads cleanly (Fashion-MNIST's 55,000 training images give about 0.286 and 0.353).
 * Stored with the weights.
 * Up to {@value #EXACT_LIMIT} training images are all counted; of a larger set (images in storage,
 * which would all have to be decoded) {@value #SAMPLE} drawn with a fixed seed, which pins four
 * decimals of a mean as well as every image would.
 */
final class PixelStatistics {

    private PixelStatistics() {
    }

    static final int EXACT_LIMIT = 60_000;
    static final int SAMPLE = 20_000;
    /** Images decoded at a time: bounded memory for large images. */
    private static final int CHUNK = 500;

    static InputNormalization of(ImageCollection training) {
        int[] counted = counted(training.count());
        long[][] histograms = new long[training.channels()][256];
        for (int from = 0; from < counted.length; from += CHUNK) {
            ImageSet chunk = training.read(Arrays.copyOfRange(counted, from, Math.min(counted.length, from + CHUNK)));
            count(chunk, histograms);
        }
        double n = (double) counted.length * training.height() * training.width();
        List<Float> means = new ArrayList<>();
        List<Float> stds = new ArrayList<>();
        for (int c = 0; c < histograms.length; c++) {
            long[] histogram = histograms[c];
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
                throw new IllegalArgumentException((histograms.length == 1 ? "the training images are all one colour"
                        : "channel " + c + " of the " + histograms.length + "-channel training images has one value "
                        + "everywhere") + "; nothing can be learned from it");
            }
            means.add(round(mean));
            stds.add(round(std));
        }
        return new InputNormalization(means, stds);
    }

    /** Adds, per channel, how often each byte value occurs (images are stored channels x height x width). */
    private static void count(ImageSet images, long[][] histograms) {
        int plane = images.height() * images.width();
        byte[] pixels = images.pixels();
        int i = 0;
        for (int image = 0; image < images.count(); image++) {
            for (long[] histogram : histograms) {
                for (int p = 0; p < plane; p++, i++) {
                    histogram[pixels[i] & 0xFF]++;
                }
            }
        }
    }

    /** The images counted: all of a set up to {@link #EXACT_LIMIT}, else a fixed sample in storage order. */
    private static int[] counted(int count) {
        if (count <= EXACT_LIMIT) {
            return ImageCollection.range(0, count);
        }
        int[] sample = Arrays.copyOf(DataSplit.permutation(count, new SplittableRandom(0)), SAMPLE);
        Arrays.sort(sample);
        return sample;
    }

    private static float round(double v) {
        return (float) (Math.round(v * 1e4) / 1e4);
    }
}
