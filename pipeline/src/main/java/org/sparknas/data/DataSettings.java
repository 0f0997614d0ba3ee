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
 * @param source          {@code fashion-mnist}, {@code synthetic}, {@code image-folder} or {@code parquet}
 * @param dir             where the Fashion-MNIST IDX files are
 * @param validationSize  images held out of the training set for accuracy
 * @param calibrationSize training images used for BN re-calibration
 * @param splitSeed       seed of the validation/calibration split
 * @param stored          where and how data in storage is read ({@code image-folder}, {@code parquet});
 *                        null for the built-in sources
 */
public record DataSettings(String source, String dir, int validationSize, int calibrationSize, long splitSeed,
                           StoredData stored) {

    public static final String FASHION_MNIST = "fashion-mnist";
    public static final String SYNTHETIC = "synthetic";
    public static final String IMAGE_FOLDER = "image-folder";
    public static final String PARQUET = "parquet";

    public static final Setting<String> SOURCE = Setting.string("source", FASHION_MNIST,
            "fashion-mnist: the IDX files in dir (or /usr/share/datasets/fashion-mnist); synthetic: a small generated set"
                    + " for smoke tests; image-folder: a folder of class folders of JPEG/PNG images at path; parquet: a"
                    + " Parquet table of (image bytes, label) at path").oneOf(FASHION_MNIST, SYNTHETIC, IMAGE_FOLDER, PARQUET);
    public static final Setting<String> DIR = Setting.string("dir", "data/fashion-mnist",
            "folder of the Fashion-MNIST IDX files (bin/fetch-fashion-mnist fills it)");
    public static final Setting<Integer> VALIDATION_SIZE = Setting.integer("validation-size", null,
            "images held out of the training set (seeded split) for accuracy").positive();
    public static final Setting<Integer> CALIBRATION_SIZE = Setting.integer("calibration-size", null,
            "training images for BN re-calibration (Once-for-All uses 2000)").positive();
    public static final Setting<Long> SPLIT_SEED = Setting.longInteger("split-seed", 0L,
            "seed of the validation/calibration split; a supernet's weights record it");

    private static final String STORED_ONLY = "none; image-folder and parquet need it";
    public static final Setting<String> PATH = Setting.string("path", null,
            "image-folder: a folder with one sub-folder of .jpg/.jpeg/.png images per class (class index = the folder"
                    + " name's position in sorted order; hidden files ignored, other files skipped); parquet: a Parquet"
                    + " file or a directory of part files. A local path or a Hadoop URI (hdfs://, s3a://, file:). The"
                    + " training images, from which validation and calibration images are split")
            .defaultFrom(STORED_ONLY);
    public static final Setting<String> TEST_PATH = Setting.string("test-path", null,
            "a separate folder or table, laid out as path, of test images for final reports only; its classes must be"
                    + " path's").defaultFrom("none: no test images");
    public static final Setting<Integer> IMAGE_SIZE = Setting.integer("image-size", null,
            "side of the square images the networks take, usually the space's largest resolution; each image is scaled"
                    + " (area averaging) so its shorter side is this, then its centre cropped to a square")
            .positive().defaultFrom(STORED_ONLY);
    public static final Setting<Integer> CHANNELS = Setting.integer("channels", 3,
            "image-folder, parquet: 3 (RGB; grey images replicated) or 1 (grey; colour images as luminance);"
                    + " alpha is dropped").check(c -> c == 1 || c == 3, "1 or 3");
    public static final Setting<String> IMAGE_COLUMN = Setting.string("image-column", "image",
            "parquet: the binary column holding each image's encoded JPEG or PNG bytes");
    public static final Setting<String> LABEL_COLUMN = Setting.string("label-column", "label",
            "parquet: the label column, class names (strings, indexed in sorted order) or class indices 0 to n-1");

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
            SPLIT_SEED, PATH, TEST_PATH, IMAGE_SIZE, CHANNELS, IMAGE_COLUMN, LABEL_COLUMN, DELIVERY, BROADCAST_LIMIT,
            CACHE_DIR));

    /** Settings of a built-in source ({@code fashion-mnist}, {@code synthetic}). */
    public DataSettings(String source, String dir, int validationSize, int calibrationSize, long splitSeed) {
        this(source, dir, validationSize, calibrationSize, splitSeed, null);
    }

    /** Reads {@code data} of the root configuration. */
    public static DataSettings fromConfig(StrictConfig root) {
        StrictConfig data = GROUP.checkKeys(root.objectOrEmpty("data"));
        String source = SOURCE.read(data);
        return new DataSettings(source, DIR.read(data), VALIDATION_SIZE.read(data), CALIBRATION_SIZE.read(data),
                SPLIT_SEED.read(data), stored(source, data));
    }

    /** The settings of data in storage; null for a built-in source, which must set none of them. */
    private static StoredData stored(String source, StrictConfig data) {
        boolean inStorage = source.equals(IMAGE_FOLDER) || source.equals(PARQUET);
        if (!inStorage) {
            for (Setting<?> s : List.of(PATH, TEST_PATH, IMAGE_SIZE, CHANNELS, IMAGE_COLUMN, LABEL_COLUMN)) {
                if (data.has(s.key())) {
                    throw data.error(s.key(), "is only read by data.source = " + IMAGE_FOLDER + " or " + PARQUET
                            + ", but data.source is " + source + "; set data.source, or remove " + s.key());
                }
            }
            return null;
        }
        if (!source.equals(PARQUET)) {
            for (Setting<?> s : List.of(IMAGE_COLUMN, LABEL_COLUMN)) {
                if (data.has(s.key())) {
                    throw data.error(s.key(), "is only read by data.source = " + PARQUET + "; remove it");
                }
            }
        }
        String path = PATH.readIfSet(data).orElseThrow(() -> data.error(PATH.key(), "is missing; data.source = " + source
                + " reads the training images from it (" + (source.equals(PARQUET) ? "a Parquet file or table directory"
                : "a folder of class folders") + ", a local path or a Hadoop URI)"));
        int size = IMAGE_SIZE.readIfSet(data).orElseThrow(() -> data.error(IMAGE_SIZE.key(), "is missing; data.source = "
                + source + " scales and crops every image to image-size x image-size (usually the space's largest"
                + " resolution)"));
        return new StoredData(path, TEST_PATH.readIfSet(data).orElse(null), size, CHANNELS.read(data),
                IMAGE_COLUMN.read(data), LABEL_COLUMN.read(data));
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
            case IMAGE_FOLDER -> StoredImageSource.imageFolder(stored);
            case PARQUET -> StoredImageSource.parquet(stored);
            default -> throw new ConfigException("'data.source': unknown data source '" + source + "'; use "
                    + FASHION_MNIST + ", " + SYNTHETIC + ", " + IMAGE_FOLDER + " or " + PARQUET);
        };
    }

    /**
     * What identifies the training data in storage (lists it); null for the built-in sources, whose
     * settings alone identify them.
     */
    public DataIdentity identity() {
        return stored == null ? null : ((StoredImageSource) images()).identity();
    }

    /**
     * Names the images {@link #images()} reads and how each is decoded, for the evaluation fingerprint:
     * Fashion-MNIST by name (its {@code dir} is only where a copy lies), the generated set by name (its
     * sizes and seed are the split's), data in storage by its path as configured, image size, channels
     * and, for Parquet, its columns. Not {@code test-path} (reports only) nor how images reach the
     * executors ({@code delivery}, {@code broadcast-limit}, {@code cache-dir}: the same decoded images).
     */
    public String imagesName() {
        if (stored == null) {
            return source;
        }
        String decoded = source + ":" + stored.path() + ", image-size=" + stored.imageSize() + ", channels="
                + stored.channels();
        return source.equals(PARQUET)
                ? decoded + ", image-column=" + stored.imageColumn() + ", label-column=" + stored.labelColumn()
                : decoded;
    }

    /** The split of {@link #images()}; too few images for it is a configuration error naming data.validation-size. */
    public DataSplit split() {
        try {
            return DataSplit.of(images(), plan());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("'data.validation-size': " + e.getMessage(), e);
        }
    }

    /** As the record's own text before {@code stored} was added, so that the run ids of built-in sources stay the same. */
    @Override
    public String toString() {
        String text = "DataSettings[source=" + source + ", dir=" + dir + ", validationSize=" + validationSize
                + ", calibrationSize=" + calibrationSize + ", splitSeed=" + splitSeed;
        return stored == null ? text + "]" : text + ", stored=" + stored + "]";
    }
}
