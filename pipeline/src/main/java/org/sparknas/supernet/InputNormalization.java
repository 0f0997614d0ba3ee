package org.sparknas.supernet;

import java.io.Serializable;

/**
 * How pixel bytes become network inputs: {@code (byte / 255 - mean) / std}, the same for every
 * channel. Part of a trained supernet (stored in its weights file), since the weights only make
 * sense for the inputs they were trained on.
 */
public record InputNormalization(float mean, float std) implements Serializable {

    /** Fashion-MNIST's training-set pixel mean and standard deviation. */
    public static final InputNormalization FASHION_MNIST = new InputNormalization(0.2860f, 0.3530f);

    public InputNormalization {
        if (!Float.isFinite(mean) || !(std > 0) || !Float.isFinite(std)) {
            throw new IllegalArgumentException("input normalisation needs a finite mean and a positive std, got "
                    + mean + " and " + std);
        }
    }

    /** The mean as the shortest decimal that reads back as the same float (0.286, not 0.28600001335144043). */
    public double meanAsDecimal() {
        return Double.parseDouble(Float.toString(mean));
    }

    public double stdAsDecimal() {
        return Double.parseDouble(Float.toString(std));
    }

    /** The input value of each byte value 0-255. */
    float[] table() {
        float[] table = new float[256];
        for (int i = 0; i < 256; i++) {
            table[i] = (i / 255f - mean) / std;
        }
        return table;
    }
}
