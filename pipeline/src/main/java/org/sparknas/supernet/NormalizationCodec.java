package org.sparknas.supernet;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.sparknas.config.ConfigException;

/**
 * The {@code input} object of weights and export manifests: {@code mean} and {@code std}, plain
 * numbers for one channel (exactly what manifests held before inputs had several channels, so a
 * one-channel file is written byte for byte as before and old files read unchanged) and lists of
 * one number per channel otherwise. Both forms are read back.
 */
public final class NormalizationCodec {

    private NormalizationCodec() {
    }

    /** {@code mean} and {@code std} as manifest values: numbers for one channel, lists for more. */
    public static Map<String, Object> toMap(InputNormalization normalization) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("mean", value(normalization.meanAsDecimals()));
        map.put("std", value(normalization.stdAsDecimals()));
        return map;
    }

    /** One value as text for a metadata entry: {@code 0.286} for one channel, {@code [0.485,0.456,0.406]} for more. */
    public static String text(List<Double> values) {
        if (values.size() == 1) {
            return Double.toString(values.get(0));
        }
        return values.stream().map(String::valueOf).collect(Collectors.joining(",", "[", "]"));
    }

    private static Object value(List<Double> values) {
        return values.size() == 1 ? values.get(0) : values;
    }

    /**
     * Reads {@code mean} and {@code std} of {@code input} (numbers or lists).
     *
     * @param where names the object in messages, e.g. {@code "supernet.weights: input"}
     * @throws ConfigException when a value is missing, not a number or list of numbers, or the
     *                         normalisation is invalid (lengths differ, a std not positive)
     */
    public static InputNormalization fromConfig(Config input, String where) {
        List<Float> mean = floats(input, "mean", where);
        List<Float> std = floats(input, "std", where);
        try {
            return new InputNormalization(mean, std);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(where + ": " + e.getMessage(), e);
        }
    }

    private static List<Float> floats(Config input, String key, String where) {
        if (!input.hasPath(key)) {
            throw new ConfigException(where + " has no '" + key + "'");
        }
        ConfigValue value = input.getValue(key);
        List<Float> floats = new ArrayList<>();
        try {
            if (value.valueType() == ConfigValueType.LIST) {
                for (Double d : input.getDoubleList(key)) {
                    floats.add(d.floatValue());
                }
            } else {
                floats.add((float) input.getDouble(key));
            }
        } catch (com.typesafe.config.ConfigException e) {
            throw new ConfigException(where + "." + key + " must be a number or a list of numbers (one per channel), got "
                    + value.render(), e);
        }
        return floats;
    }
}
