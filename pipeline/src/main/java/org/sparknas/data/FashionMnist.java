package org.sparknas.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.sparknas.config.ConfigException;

/**
 * Fashion-MNIST (60,000 training and 10,000 test images, 28x28 grey, 10 classes) from its four
 * gzip IDX files, as Debian's {@code dataset-fashion-mnist} package installs them. The directory is
 * the configured one if given, else {@link #SYSTEM_DIRECTORY}; {@code bin/fetch-fashion-mnist}
 * puts the files into {@code data/fashion-mnist/} without root. Files are read on first use and
 * kept.
 */
public final class FashionMnist implements ImageSource {

    public static final Path SYSTEM_DIRECTORY = Path.of("/usr/share/datasets/fashion-mnist");
    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte.gz";
    public static final String TRAIN_LABELS = "train-labels-idx1-ubyte.gz";
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte.gz";
    public static final String TEST_LABELS = "t10k-labels-idx1-ubyte.gz";
    static final List<String> FILES = List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);

    private static final int SIDE = 28;
    private static final int CLASSES = 10;
    private static final int TRAIN_COUNT = 60_000;
    private static final int TEST_COUNT = 10_000;

    private final Path directory;
    private ImageSet training;
    private ImageSet test;

    private FashionMnist(Path directory) {
        this.directory = directory;
    }

    /**
     * Finds the files in {@code configured} (when not null), else in {@link #SYSTEM_DIRECTORY}.
     *
     * @throws ConfigException naming the directories searched and how to get the files
     */
    public static FashionMnist locate(Path configured) {
        List<Path> candidates = new ArrayList<>();
        if (configured != null) {
            candidates.add(configured);
        }
        candidates.add(SYSTEM_DIRECTORY);
        for (Path dir : candidates) {
            if (FILES.stream().allMatch(f -> Files.isRegularFile(dir.resolve(f)))) {
                return new FashionMnist(dir);
            }
        }
        StringBuilder message = new StringBuilder("Fashion-MNIST not found: looked for ").append(String.join(", ", FILES))
                .append(" in ");
        for (int i = 0; i < candidates.size(); i++) {
            message.append(i == 0 ? "" : " and ").append(candidates.get(i)).append(missing(candidates.get(i)));
        }
        message.append(". Run bin/fetch-fashion-mnist (it puts them into data/fashion-mnist/ without root), "
                + "or point the data directory to a folder that holds them.");
        throw new ConfigException(message.toString());
    }

    private static String missing(Path dir) {
        if (!Files.isDirectory(dir)) {
            return " (no such directory)";
        }
        List<String> absent = FILES.stream().filter(f -> !Files.isRegularFile(dir.resolve(f))).toList();
        return " (missing " + String.join(", ", absent) + ")";
    }

    public Path directory() {
        return directory;
    }

    @Override
    public String name() {
        return "fashion-mnist";
    }

    @Override
    public synchronized ImageSet training() {
        if (training == null) {
            training = read(TRAIN_IMAGES, TRAIN_LABELS, TRAIN_COUNT);
        }
        return training;
    }

    @Override
    public synchronized ImageSet test() {
        if (test == null) {
            test = read(TEST_IMAGES, TEST_LABELS, TEST_COUNT);
        }
        return test;
    }

    private ImageSet read(String imagesName, String labelsName, int expectedCount) {
        Path imagesFile = directory.resolve(imagesName);
        Path labelsFile = directory.resolve(labelsName);
        IdxFiles.Images images = IdxFiles.readImages(imagesFile);
        byte[] labels = IdxFiles.readLabels(labelsFile);
        if (images.count() != expectedCount || images.rows() != SIDE || images.columns() != SIDE) {
            throw new ConfigException(imagesFile + " holds " + images.count() + " images of " + images.rows() + "x"
                    + images.columns() + "; Fashion-MNIST has " + expectedCount + " of " + SIDE + "x" + SIDE
                    + ". Fetch the files again with bin/fetch-fashion-mnist.");
        }
        if (labels.length != images.count()) {
            throw new ConfigException(labelsFile + " holds " + labels.length + " labels for the " + images.count()
                    + " images of " + imagesFile);
        }
        for (int i = 0; i < labels.length; i++) {
            if (Byte.toUnsignedInt(labels[i]) >= CLASSES) {
                throw new ConfigException(labelsFile + " has label " + Byte.toUnsignedInt(labels[i]) + " at position " + i
                        + "; Fashion-MNIST labels are 0-9");
            }
        }
        return new ImageSet(images.pixels(), labels, 1, SIDE, SIDE, CLASSES);
    }

    @Override
    public String toString() {
        return "FashionMnist[" + directory + "]";
    }
}
