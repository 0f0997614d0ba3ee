package org.sparknas.supernet;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The data split a supernet was trained on, as recorded in its manifest's {@link TrainingInfo}:
 * which images were held out for validation (never trained on). A search must validate on the
 * same held-out images, or it would measure accuracy on images the weights have seen; it checks
 * its own {@code data} settings against this record.
 *
 * @param source         the data source ({@code fashion-mnist}, {@code synthetic})
 * @param validationSize images held out of the training set
 * @param splitSeed      the seed of the split
 */
public record TrainedSplit(String source, int validationSize, long splitSeed) {

    public static final String SOURCE = "data-source";
    public static final String VALIDATION_SIZE = "data-validation-size";
    public static final String SPLIT_SEED = "data-split-seed";

    /** The entries to put into a {@link TrainingInfo}. */
    public Map<String, String> toProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(SOURCE, source);
        p.put(VALIDATION_SIZE, Integer.toString(validationSize));
        p.put(SPLIT_SEED, Long.toString(splitSeed));
        return p;
    }

    /**
     * The split recorded in {@code info}; empty for weights that record none (untrained weights,
     * test fixtures), which nothing can be checked against.
     *
     * @throws IllegalArgumentException when the record is incomplete or not numeric
     */
    public static Optional<TrainedSplit> of(TrainingInfo info) {
        String source = info.get(SOURCE);
        String size = info.get(VALIDATION_SIZE);
        String seed = info.get(SPLIT_SEED);
        if (source == null && size == null && seed == null) {
            return Optional.empty();
        }
        if (source == null || size == null || seed == null) {
            throw new IllegalArgumentException("the manifest records an incomplete data split (" + SOURCE + "=" + source
                    + ", " + VALIDATION_SIZE + "=" + size + ", " + SPLIT_SEED + "=" + seed + ")");
        }
        try {
            return Optional.of(new TrainedSplit(source, Integer.parseInt(size), Long.parseLong(seed)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the manifest's data split is not numeric (" + VALIDATION_SIZE + "=" + size
                    + ", " + SPLIT_SEED + "=" + seed + ")", e);
        }
    }

    /**
     * What differs from {@code other}, in the configuration keys of a search ({@code data.source},
     * {@code data.validation-size}, {@code data.split-seed}); empty when the splits are the same.
     */
    public java.util.List<String> differences(TrainedSplit other) {
        java.util.List<String> d = new java.util.ArrayList<>();
        if (!source.equals(other.source)) {
            d.add("data.source = " + other.source + " (trained: " + source + ")");
        }
        if (validationSize != other.validationSize) {
            d.add("data.validation-size = " + other.validationSize + " (trained: " + validationSize + ")");
        }
        if (splitSeed != other.splitSeed) {
            d.add("data.split-seed = " + other.splitSeed + " (trained: " + splitSeed + ")");
        }
        return d;
    }
}
