package org.sparknas.supernet;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.sparknas.data.DataIdentity;
import org.sparknas.data.DataSettings;

/**
 * The data split a supernet was trained on, as recorded in its manifest's {@link TrainingInfo}:
 * which images were held out for validation (never trained on). A search must validate on the
 * same held-out images, or it would measure accuracy on images the weights have seen; it checks
 * its own {@code data} settings against this record.
 *
 * @param source         the data source ({@code fashion-mnist}, {@code synthetic})
 * @param validationSize images held out of the training set
 * @param splitSeed      the seed of the split
 * @param data           for data in storage, its path, image count and listing hash (a split of other
 *                       images at the same path is another split); null for the built-in sources
 */
public record TrainedSplit(String source, int validationSize, long splitSeed, DataIdentity data) {

    public static final String SOURCE = "data-source";
    public static final String VALIDATION_SIZE = "data-validation-size";
    public static final String SPLIT_SEED = "data-split-seed";
    public static final String PATH = "data-path";
    public static final String IMAGES = "data-images";
    public static final String LISTING_HASH = "data-listing-hash";

    /** The split of a built-in source, identified by its settings alone. */
    public TrainedSplit(String source, int validationSize, long splitSeed) {
        this(source, validationSize, splitSeed, null);
    }

    /** The split {@code data} configures (data in storage is listed to identify it). */
    public static TrainedSplit of(DataSettings data) {
        return new TrainedSplit(data.source(), data.validationSize(), data.splitSeed(), data.identity());
    }

    /** The entries to put into a {@link TrainingInfo}; the data's only for data in storage. */
    public Map<String, String> toProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(SOURCE, source);
        p.put(VALIDATION_SIZE, Integer.toString(validationSize));
        p.put(SPLIT_SEED, Long.toString(splitSeed));
        if (data != null) {
            p.put(PATH, data.path());
            p.put(IMAGES, Integer.toString(data.images()));
            p.put(LISTING_HASH, data.hash());
        }
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
        String path = info.get(PATH);
        String images = info.get(IMAGES);
        String hash = info.get(LISTING_HASH);
        if ((path == null) != (images == null) || (path == null) != (hash == null)) {
            throw new IllegalArgumentException("the manifest records incomplete data (" + PATH + "=" + path + ", " + IMAGES
                    + "=" + images + ", " + LISTING_HASH + "=" + hash + ")");
        }
        try {
            return Optional.of(new TrainedSplit(source, Integer.parseInt(size), Long.parseLong(seed),
                    path == null ? null : new DataIdentity(path, Integer.parseInt(images), hash)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the manifest's data split is not numeric (" + VALIDATION_SIZE + "=" + size
                    + ", " + SPLIT_SEED + "=" + seed + ", " + IMAGES + "=" + images + ")", e);
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
        if (data != null && other.data != null) {
            if (!data.path().equals(other.data.path())) {
                d.add("data.path = " + other.data.path() + " (trained: " + data.path() + ")");
            } else if (data.images() != other.data.images() || !data.hash().equals(other.data.hash())) {
                d.add("the images at data.path changed since training: " + other.data.images() + " images, listing hash "
                        + other.data.hash() + " (trained: " + data.images() + " images, listing hash " + data.hash() + ")");
            }
        }
        return d;
    }
}
