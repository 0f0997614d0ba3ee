package org.sparknas.supernet;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.sparknas.data.ImageSet;

/**
 * How pixel bytes become network inputs: {@code (byte / 255 - mean[c]) / std[c]} for a value of
 * channel {@code c}, one mean and one standard deviation per image channel. Part of a trained
 * supernet (stored in its weights file), since the weights only make sense for the inputs they
 * were trained on.
 */
public record InputNormalization(List<Float> mean, List<Float> std) implements Serializable {

    /** Fashion-MNIST's training-set pixel mean and standard deviation (one channel). */
    public static final InputNormalization FASHION_MNIST = new InputNormalization(0.2860f, 0.3530f);

    public InputNormalization {
        mean = List.copyOf(mean);
        std = List.copyOf(std);
        if (mean.isEmpty() || mean.size() != std.size()) {
            throw new IllegalArgumentException("input normalisation needs one mean and one std per channel, got "
                    + mean.size() + " mean(s) and " + std.size() + " std(s)");
        }
        for (int c = 0; c < mean.size(); c++) {
            float m = mean.get(c);
            float s = std.get(c);
            if (!Float.isFinite(m) || !(s > 0) || !Float.isFinite(s)) {
                throw new IllegalArgumentException("input normalisation needs a finite mean and a positive std, got "
                        + m + " and " + s + (mean.size() > 1 ? " for channel " + c : ""));
            }
        }
    }

    /** One channel. */
    public InputNormalization(float mean, float std) {
        this(List.of(mean), List.of(std));
    }

    /**
     * This one-channel normalisation for each of {@code channels} channels (e.g. for random images
     * whose values only need a plausible scale).
     */
    public InputNormalization repeated(int channels) {
        if (channels() != 1 || channels <= 0) {
            throw new IllegalArgumentException("only a one-channel normalisation repeats, over a positive number of "
                    + "channels; this one has " + channels() + ", asked for " + channels);
        }
        return new InputNormalization(Collections.nCopies(channels, mean.get(0)), Collections.nCopies(channels, std.get(0)));
    }

    public int channels() {
        return mean.size();
    }

    /** The means as the shortest decimals that read back as the same floats (0.286, not 0.28600001335144043). */
    public List<Double> meanAsDecimals() {
        return decimals(mean);
    }

    public List<Double> stdAsDecimals() {
        return decimals(std);
    }

    private static List<Double> decimals(List<Float> values) {
        List<Double> decimals = new ArrayList<>(values.size());
        for (float v : values) {
            decimals.add(Double.parseDouble(Float.toString(v)));
        }
        return List.copyOf(decimals);
    }

    /**
     * Images {@code from .. from + count - 1} of {@code images} as network input, {@code [count, c, h, w]}
     * row major; each value normalised with its channel's mean and std.
     *
     * @throws IllegalArgumentException when the images have another number of channels than this
     */
    public float[] apply(ImageSet images, int from, int count) {
        if (from < 0 || count <= 0 || from + count > images.count()) {
            throw new IllegalArgumentException("images " + from + ".." + (from + count - 1) + " are not in a set of "
                    + images.count());
        }
        if (images.channels() != channels()) {
            throw new IllegalArgumentException("the input normalisation has " + channels() + " channel(s) but the images "
                    + images + " have " + images.channels() + "; the supernet was trained on images of another kind");
        }
        float[][] tables = tables();
        int plane = images.height() * images.width();
        int size = images.imageSize();
        float[] values = new float[count * size];
        byte[] pixels = images.pixels();
        int offset = from * size;
        int i = 0;
        for (int image = 0; image < count; image++) {
            for (float[] table : tables) {
                for (int p = 0; p < plane; p++, i++) {
                    values[i] = table[pixels[offset + i] & 0xFF];
                }
            }
        }
        return values;
    }

    /** Per channel, the input value of each byte value 0-255. */
    float[][] tables() {
        float[][] tables = new float[channels()][256];
        for (int c = 0; c < tables.length; c++) {
            float m = mean.get(c);
            float s = std.get(c);
            for (int v = 0; v < 256; v++) {
                tables[c][v] = (v / 255f - m) / s;
            }
        }
        return tables;
    }
}
