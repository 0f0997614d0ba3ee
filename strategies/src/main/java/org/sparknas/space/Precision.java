package org.sparknas.space;

import java.util.Arrays;
import java.util.Locale;

/**
 * The numeric precision a sub-network is deployed at. An {@link OfaSpace} that declares
 * {@code precisions} searches over it as one more gene, whose values are the bit widths (so
 * keys, genes and Parquet columns read as numbers like every other gene).
 */
public enum Precision {
    FP32(32),
    INT8(8);

    private final int bits;

    Precision(int bits) {
        this.bits = bits;
    }

    /** Bits per weight and activation: the value of the {@code precision} gene. */
    public int bits() {
        return bits;
    }

    /** How configuration files and architecture keys write it: {@code fp32}, {@code int8}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The names {@link #parse} accepts, for messages: {@code fp32, int8}. */
    public static String allowedNames() {
        return String.join(", ", Arrays.stream(values()).map(Precision::configName).toList());
    }

    /** @throws IllegalArgumentException naming the text and the allowed names */
    public static Precision parse(String text) {
        String wanted = text.trim().toLowerCase(Locale.ROOT);
        for (Precision p : values()) {
            if (p.configName().equals(wanted)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown precision '" + text + "'; use one of " + allowedNames());
    }

    /** @throws IllegalArgumentException naming the bit width and the widths there are */
    public static Precision fromBits(int bits) {
        for (Precision p : values()) {
            if (p.bits == bits) {
                return p;
            }
        }
        throw new IllegalArgumentException("no precision has " + bits + " bits; there are "
                + Arrays.stream(values()).map(p -> p.bits + " (" + p.configName() + ")").toList());
    }
}
