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

    /** Images {@code from .. from + count - 1} of {@code images} as network input, {@code [count, c, h, w]} row major. */
    public float[] apply(org.sparknas.data.ImageSet images, int from, int count) {
        if (from < 0 || count <= 0 || from + count > images.count()) {
            throw new IllegalArgumentException("images " + from + ".." + (from + count - 1) + " are not in a set of "
                    + images.count());
        }
        float[] table = table();
        int size = images.imageSize();
        float[] values = new float[count * size];
        byte[] pixels = images.pixels();
        int offset = from * size;
        for (int i = 0; i < values.length; i++) {
            values[i] = table[pixels[offset + i] & 0xFF];
        }
        return values;
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
