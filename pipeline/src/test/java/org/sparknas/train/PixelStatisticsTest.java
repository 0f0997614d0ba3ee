package org.sparknas.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.sparknas.data.ImageSet;
import org.sparknas.data.SyntheticImages;
import org.sparknas.supernet.InputNormalization;

/** The training images' statistics, per channel, as the normalisation a supernet is trained with. */
class PixelStatisticsTest {

    @Test
    void eachChannelGetsItsOwnMeanAndStd() {
        // 40 images of 3x4x5: channel 0 half 0, half 255 (mean 0.5, std 0.5); channel 1 half 51, half 102
        // (mean 0.3, std 0.1); channel 2 all 204 but one value per image 0 (mean 0.76, std sqrt(0.95 * 0.64 - 0.76^2) = 0.1744)
        int count = 40;
        int plane = 4 * 5;
        byte[] pixels = new byte[count * 3 * plane];
        for (int image = 0; image < count; image++) {
            int base = image * 3 * plane;
            for (int p = 0; p < plane; p++) {
                pixels[base + p] = (byte) (p % 2 == 0 ? 0 : 255);
                pixels[base + plane + p] = (byte) (p < plane / 2 ? 51 : 102);
                pixels[base + 2 * plane + p] = (byte) (p == image % plane ? 0 : 204);
            }
        }
        InputNormalization n = PixelStatistics.of(new ImageSet(pixels, new byte[count], 3, 4, 5, 2));
        assertEquals(List.of(0.5f, 0.3f, 0.76f), n.mean());
        assertEquals(List.of(0.5f, 0.1f, 0.1744f), n.std());
    }

    @Test
    void oneChannelGivesWhatTheStatisticsOverAllPixelsGave() {
        ImageSet images = SyntheticImages.fashionLike(500, 0, 9).training();
        InputNormalization n = PixelStatistics.of(images);
        assertEquals(1, n.channels());
        double[] overAll = overAllPixels(images.pixels());
        assertEquals((float) (Math.round(overAll[0] * 1e4) / 1e4), n.mean().get(0));
        assertEquals((float) (Math.round(overAll[1] * 1e4) / 1e4), n.std().get(0));
    }

    @Test
    void aChannelWithOneValueEverywhereIsRefusedByNumber() {
        byte[] pixels = new byte[10 * 2 * 9];
        new SplittableRandom(3).nextBytes(pixels);
        for (int image = 0; image < 10; image++) {
            java.util.Arrays.fill(pixels, image * 18 + 9, image * 18 + 18, (byte) 7);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PixelStatistics.of(new ImageSet(pixels, new byte[10], 2, 3, 3, 2)));
        assertTrue(e.getMessage().contains("channel 1 of the 2-channel training images has one value everywhere"),
                e.getMessage());
    }

    /** Mean and population std of all values in [0, 1], by the textbook two passes. */
    private static double[] overAllPixels(byte[] pixels) {
        double sum = 0;
        for (byte b : pixels) {
            sum += (b & 0xFF) / 255.0;
        }
        double mean = sum / pixels.length;
        double squares = 0;
        for (byte b : pixels) {
            double d = (b & 0xFF) / 255.0 - mean;
            squares += d * d;
        }
        return new double[] {mean, Math.sqrt(squares / pixels.length)};
    }
}
