package org.sparknas.eval;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.sparknas.data.ImageCollection;
import org.sparknas.data.ImageReadException;
import org.sparknas.data.ImageSet;

/**
 * What an executor pays for reading images itself (the figures of docs/cluster.md), run by
 * {@code bench/executor-images.sh}: a folder of RGB PNG files, then {@link ExecutorImages#of} in a
 * fresh JVM, which decodes them all and writes the cache file; the script then runs a second JVM,
 * which finds the cache file and reads it back (checked) instead. A benchmark, not a test.
 *
 * <p>Arguments: image folder (filled when empty), cache directory, images, side.
 */
public final class ExecutorImagesBenchmark {

    private ExecutorImagesBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Path folder = Path.of(args[0]);
        String cache = args[1];
        int count = Integer.parseInt(args[2]);
        int side = Integer.parseInt(args[3]);
        if (!Files.isDirectory(folder)) {
            write(folder, count, side);
        }
        PngFolder images = new PngFolder(folder.toString(), labels(count), side);
        long start = System.nanoTime();
        ImageSet read = ExecutorImages.of(images.select(ImageCollection.range(0, count)), cache);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "%,d images of 3x%dx%d: %,d bytes in memory, %.2f s (the log line above says"
                + " whether from storage or from the disk cache)%n", read.count(), side, side, read.pixels().length, seconds);
    }

    private static byte[] labels(int count) {
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            labels[i] = (byte) (i % 10);
        }
        return labels;
    }

    /** Ten classes of coloured shapes on a noisy background, as photos are not flat. */
    private static void write(Path folder, int count, int side) throws IOException {
        Files.createDirectories(folder);
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < count; i++) {
            BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    image.setRGB(x, y, random.nextInt(1 << 24) & 0x3f3f3f);
                }
            }
            Graphics2D g = image.createGraphics();
            g.setColor(Color.getHSBColor((i % 10) / 10f, 0.8f, 0.9f));
            int size = side / 3 + random.nextInt(side / 3);
            g.fillOval(random.nextInt(side - size), random.nextInt(side - size), size, size);
            g.dispose();
            ImageIO.write(image, "png", PngFolder.file(folder.toString(), i).toFile());
        }
    }

    /** RGB PNG files named by index, decoded with ImageIO to channels x height x width bytes. */
    record PngFolder(String folder, byte[] labels, int side) implements ImageCollection {

        static Path file(String folder, int index) {
            return Path.of(folder, String.format("%06d.png", index));
        }

        @Override
        public String describe() {
            return "PNG folder " + folder + " (" + count() + " images)";
        }

        @Override
        public int count() {
            return labels.length;
        }

        @Override
        public int label(int index) {
            return labels[index];
        }

        @Override
        public int channels() {
            return 3;
        }

        @Override
        public int height() {
            return side;
        }

        @Override
        public int width() {
            return side;
        }

        @Override
        public int numClasses() {
            return 10;
        }

        @Override
        public ImageSet read(int[] indices) {
            int plane = side * side;
            byte[] pixels = new byte[indices.length * 3 * plane];
            byte[] picked = new byte[indices.length];
            for (int i = 0; i < indices.length; i++) {
                BufferedImage image;
                try {
                    image = ImageIO.read(file(folder, indices[i]).toFile());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                if (image == null) {
                    throw new ImageReadException("not an image: " + file(folder, indices[i]));
                }
                int at = i * 3 * plane;
                for (int y = 0; y < side; y++) {
                    for (int x = 0; x < side; x++) {
                        int rgb = image.getRGB(x, y);
                        pixels[at + y * side + x] = (byte) (rgb >> 16);
                        pixels[at + plane + y * side + x] = (byte) (rgb >> 8);
                        pixels[at + 2 * plane + y * side + x] = (byte) rgb;
                    }
                }
                picked[i] = labels[indices[i]];
            }
            return new ImageSet(pixels, picked, 3, side, side, 10);
        }
    }
}
