package org.sparknas.space;

import java.util.Locale;

/** The non-linearities a layer of the Once-for-All space may use (MobileNetV3: ReLU early, h-swish late). */
public enum Activation {
    RELU,
    HSWISH;

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Activation parse(String text) {
        for (Activation a : values()) {
            if (a.configName().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown activation '" + text + "'; use relu or hswish");
    }
}
