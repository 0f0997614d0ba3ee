package org.sparknas.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.sparknas.data.ImageCollection;
import org.sparknas.data.ImageReadException;
import org.sparknas.data.ImageSet;

/**
 * A collection in storage for tests: one file of raw {@code channels x height x width} bytes per
 * image in a folder, labels known without reading them. Serialising it sends the folder's name, not
 * pixels, so an executor that reads it really reads the files. Counts the images it decodes in this
 * JVM (local mode runs executors in the test's JVM).
 */
record ImageFiles(String folder, byte[] labels, int channels, int height, int width, int numClasses)
        implements ImageCollection {

    private static final Map<String, AtomicInteger> DECODED = new ConcurrentHashMap<>();

    /** Images of {@code folder} decoded in this JVM so far. */
    static int decoded(Path folder) {
        return DECODED.computeIfAbsent(folder.toString(), k -> new AtomicInteger()).get();
    }

    /** Writes every image of {@code images} to {@code folder}, one file each. */
    static ImageFiles write(ImageSet images, Path folder) {
        try {
            Files.createDirectories(folder);
            int size = images.imageSize();
            for (int i = 0; i < images.count(); i++) {
                byte[] pixels = new byte[size];
                System.arraycopy(images.pixels(), i * size, pixels, 0, size);
                Files.write(file(folder.toString(), i), pixels);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ImageFiles(folder.toString(), images.labels(), images.channels(), images.height(), images.width(),
                images.numClasses());
    }

    static Path file(String folder, int index) {
        return Path.of(folder, String.format("image-%05d.raw", index));
    }

    @Override
    public String describe() {
        return "raw image files in " + folder + " (" + count() + " images)";
    }

    @Override
    public int count() {
        return labels.length;
    }

    @Override
    public int label(int index) {
        return Byte.toUnsignedInt(labels[index]);
    }

    @Override
    public ImageSet read(int[] indices) {
        int size = imageSize();
        byte[] pixels = new byte[indices.length * size];
        byte[] picked = new byte[indices.length];
        for (int i = 0; i < indices.length; i++) {
            Path file = file(folder, indices[i]);
            byte[] image;
            try {
                image = Files.readAllBytes(file);
            } catch (IOException e) {
                throw new ImageReadException("cannot read image " + file + " (" + e + "); replace or remove it", e);
            }
            if (image.length != size) {
                throw new ImageReadException("image " + file + " has " + image.length + " bytes, not " + size);
            }
            System.arraycopy(image, 0, pixels, i * size, size);
            picked[i] = labels[indices[i]];
            DECODED.computeIfAbsent(folder, k -> new AtomicInteger()).incrementAndGet();
        }
        return new ImageSet(pixels, picked, channels, height, width, numClasses);
    }
}
