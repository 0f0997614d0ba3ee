package org.sparknas.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Images per second that {@link ImageFolderImages#read} delivers (read, decode, resize, crop), a
 * benchmark, not a test. It writes JPEG class folders of photo-like images (smooth colour
 * gradients plus noise, so the files are as large as photos of that size) into a directory and
 * reads them all in batches of 256, three times after a warm-up pass, for: 48x48 files at
 * image-size 48, 224x224 at 224, and 500x375 (an ImageNet photo's typical size) at 224.
 * {@link DecodePool#THREADS} threads decode; {@code -XX:ActiveProcessorCount=1} measures one.
 *
 * <p>Arguments: a scratch directory.
 */
public final class ImageReadBenchmark {

    private ImageReadBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Path scratch = Path.of(args[0]);
        System.out.println("decode threads: " + DecodePool.THREADS);
        run(scratch.resolve("48"), 48, 48, 48, 4000);
        run(scratch.resolve("224"), 224, 224, 224, 1000);
        run(scratch.resolve("500x375"), 500, 375, 224, 500);
    }

    private static void run(Path root, int w, int h, int size, int count) throws IOException {
        if (!Files.isDirectory(root)) {
            SplittableRandom random = new SplittableRandom(w * 31L + h);
            for (int i = 0; i < count; i++) {
                TestImages.write(root.resolve("c" + (i % 10) + "/" + i + ".jpg"), TestImages.jpeg(photo(w, h, random)));
            }
        }
        ImageFolderImages images = ImageFolderImages.list(root.toString(), new ImageDecoder(3, size), "data.path");
        long bytes = 0;
        for (int i = 0; i < images.count(); i++) {
            bytes += Files.size(Path.of(java.net.URI.create(images.uri(i))));
        }
        readAll(images);
        double best = Double.MAX_VALUE;
        double cpu = Double.MAX_VALUE;
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int rep = 0; rep < 3; rep++) {
            long t = System.nanoTime();
            long c = threads.getCurrentThreadCpuTime();
            readAll(images);
            best = Math.min(best, (System.nanoTime() - t) / 1e9);
            cpu = Math.min(cpu, (threads.getCurrentThreadCpuTime() - c) / 1e6);
        }
        // with one decode thread the calling thread does all the work, so its CPU time is the cost per image
        System.out.printf(Locale.ROOT, "%dx%d JPEG (%.1f KB) -> %dx%d: %d images in %.3f s, %.0f images/s%s%n", w, h,
                bytes / 1024.0 / images.count(), size, size, images.count(), best, images.count() / best,
                DecodePool.THREADS == 1 ? String.format(Locale.ROOT, ", %.3f CPU ms per image", cpu / images.count()) : "");
    }

    private static void readAll(ImageCollection images) {
        for (int from = 0; from < images.count(); from += 256) {
            images.read(ImageCollection.range(from, Math.min(images.count(), from + 256)));
        }
    }

    private static BufferedImage photo(int w, int h, SplittableRandom random) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        double fx = random.nextDouble(0.5, 4);
        double fy = random.nextDouble(0.5, 4);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = (int) (127 + 100 * Math.sin(fx * x / w * Math.PI * 2)) + random.nextInt(-12, 13);
                int g = (int) (127 + 100 * Math.cos(fy * y / h * Math.PI * 2)) + random.nextInt(-12, 13);
                int b = (int) (127 + 60 * Math.sin((x + y) * fx / (w + h) * Math.PI)) + random.nextInt(-12, 13);
                image.setRGB(x, y, clamp(r) << 16 | clamp(g) << 8 | clamp(b));
            }
        }
        return image;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
