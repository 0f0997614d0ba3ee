package org.sparknas.data;

import java.nio.file.Path;
import java.util.List;
import org.sparknas.config.ConfigException;
import org.sparknas.config.Setting;
import org.sparknas.config.SettingGroup;
import org.sparknas.config.StrictConfig;

/**
 * Which images a search or a training uses, the {@code data { ... }} object of {@code search.conf}
 * and {@code train.conf}: declared, read and turned into images here only, so that the search,
 * its evaluator, training and export all see the same split for the same settings.
 *
 * @param source          {@code fashion-mnist} or {@code synthetic}
 * @param dir             where the Fashion-MNIST IDX files are
 * @param validationSize  images held out of the training set for accuracy
 * @param calibrationSize training images used for BN re-calibration
 * @param splitSeed       seed of the validation/calibration split
 */
public record DataSettings(String source, String dir, int validationSize, int calibrationSize, long splitSeed) {

    public static final String FASHION_MNIST = "fashion-mnist";
    public static final String SYNTHETIC = "synthetic";

    public static final Setting<String> SOURCE = Setting.string("source", FASHION_MNIST,
            "fashion-mnist: the IDX files in dir (or /usr/share/datasets/fashion-mnist); synthetic: a small generated set"
                    + " for smoke tests").oneOf(FASHION_MNIST, SYNTHETIC);
    public static final Setting<String> DIR = Setting.string("dir", "data/fashion-mnist",
            "folder of the Fashion-MNIST IDX files (bin/fetch-fashion-mnist fills it)");
    public static final Setting<Integer> VALIDATION_SIZE = Setting.integer("validation-size", null,
            "images held out of the training set (seeded split) for accuracy").positive();
    public static final Setting<Integer> CALIBRATION_SIZE = Setting.integer("calibration-size", null,
            "training images for BN re-calibration (Once-for-All uses 2000)").positive();
    public static final Setting<Long> SPLIT_SEED = Setting.longInteger("split-seed", 0L,
            "seed of the validation/calibration split; a supernet's weights record it");

    // How a search hands the calibration and validation images to its executors: read by ImageDelivery
    // (search only; training reads its batches itself). Not record components, so derived run ids stay the same.
    public static final Setting<String> DELIVERY = Setting.string("delivery", ImageDelivery.AUTO,
            "search only: broadcast (the driver decodes the calibration and validation images and broadcasts them),"
                    + " executors (each executor JVM reads and decodes them once, keeping them on its local disk) or auto"
                    + " (broadcast up to broadcast-limit)").oneOf(ImageDelivery.AUTO, ImageDelivery.BROADCAST,
            ImageDelivery.EXECUTORS);
    public static final Setting<Long> BROADCAST_LIMIT = Setting.size("broadcast-limit", ImageDelivery.DEFAULT_LIMIT,
            "search only: with delivery = auto, the largest decoded size (images x channels x height x width bytes) that"
                    + " is broadcast; above it executors read the images (default 256 MiB)").positive();
    public static final Setting<String> CACHE_DIR = Setting.string("cache-dir", "",
            "search only: where executors keep decoded images between JVMs of a host (\"\": java.io.tmpdir/"
                    + ImageDelivery.CACHE_FOLDER + "); a local path on every executor host");

    public static final SettingGroup GROUP = new SettingGroup("data", "the images: source and held-out split; the search's"
            + " must be the one its supernet was trained with", List.of(SOURCE, DIR, VALIDATION_SIZE, CALIBRATION_SIZE,
            SPLIT_SEED, DELIVERY, BROADCAST_LIMIT, CACHE_DIR));

    /** Reads {@code data} of the root configuration. */
    public static DataSettings fromConfig(StrictConfig root) {
        StrictConfig data = GROUP.checkKeys(root.objectOrEmpty("data"));
        return new DataSettings(SOURCE.read(data), DIR.read(data), VALIDATION_SIZE.read(data), CALIBRATION_SIZE.read(data),
                SPLIT_SEED.read(data));
    }

    public SplitPlan plan() {
        return new SplitPlan(validationSize, calibrationSize, splitSeed);
    }

    public boolean synthetic() {
        return source.equals(SYNTHETIC);
    }

    /** The images these settings name: the one switch over {@code data.source}. */
    public ImageSource images() {
        return switch (source) {
            case FASHION_MNIST -> FashionMnist.locate(Path.of(dir));
            // sized so that the split always fits: the same generated set for training, evaluation and export
            case SYNTHETIC -> SyntheticImages.fashionLike(validationSize + calibrationSize + 1000, 1000, splitSeed);
            default -> throw new ConfigException("'data.source': unknown data source '" + source + "'; use "
                    + FASHION_MNIST + " or " + SYNTHETIC);
        };
    }

    /** The split of {@link #images()}; too few images for it is a configuration error naming data.validation-size. */
    public DataSplit split() {
        try {
            return DataSplit.of(images(), plan());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("'data.validation-size': " + e.getMessage(), e);
        }
    }
}
