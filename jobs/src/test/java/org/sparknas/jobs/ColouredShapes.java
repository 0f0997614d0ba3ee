package org.sparknas.jobs;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/**
 * A small RGB classification data set in the class-folder layout users bring: ten classes, five
 * shapes (disc, square, triangle, cross, ring) each in a warm and a cool colour, drawn at a random
 * size and place on a noisy background of random brightness, as PNG files
 * {@code <root>/<class>/<n>.png}. Seeded: the same arguments give the same files.
 */
final class ColouredShapes {

    static final List<String> SHAPES = List.of("disc", "square", "triangle", "cross", "ring");
    static final List<String> COLOURS = List.of("warm", "cool");

    private ColouredShapes() {
    }

    /** The ten class names, in the order an image-folder source numbers them (sorted). */
    static List<String> classes() {
        return SHAPES.stream().flatMap(s -> COLOURS.stream().map(c -> s + "-" + c)).sorted().toList();
    }

    /** Writes {@code perClass} images of {@code size x size} pixels for each class under {@code root}. */
    static void write(Path root, int perClass, int size, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        try {
            for (String name : classes()) {
                Path dir = Files.createDirectories(root.resolve(name));
                String[] parts = name.split("-");
                for (int i = 0; i < perClass; i++) {
                    ImageIO.write(draw(parts[0], parts[1], size, random), "png",
                            dir.resolve(String.format(Locale.ROOT, "%04d.png", i)).toFile());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static BufferedImage draw(String shape, String colour, int size, SplittableRandom random) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        int background = 30 + random.nextInt(120);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int v = Math.max(0, Math.min(255, background + random.nextInt(41) - 20));
                image.setRGB(x, y, (v << 16) | (v << 8) | v);
            }
        }
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(colour(colour, random));
        int extent = size / 3 + random.nextInt(size / 3);
        int x0 = random.nextInt(size - extent + 1);
        int y0 = random.nextInt(size - extent + 1);
        switch (shape) {
            case "disc" -> g.fillOval(x0, y0, extent, extent);
            case "square" -> g.fillRect(x0, y0, extent, extent);
            case "triangle" -> g.fillPolygon(new Polygon(new int[] {x0, x0 + extent, x0 + extent / 2},
                    new int[] {y0 + extent, y0 + extent, y0}, 3));
            case "cross" -> {
                int bar = Math.max(2, extent / 4);
                g.fillRect(x0, y0 + (extent - bar) / 2, extent, bar);
                g.fillRect(x0 + (extent - bar) / 2, y0, bar, extent);
            }
            case "ring" -> {
                g.setStroke(new BasicStroke(Math.max(2, extent / 6f)));
                g.drawOval(x0 + 2, y0 + 2, extent - 4, extent - 4);
            }
            default -> throw new IllegalArgumentException("unknown shape " + shape);
        }
        g.dispose();
        return image;
    }

    /** A red-to-yellow or a blue-to-cyan hue, of random brightness. */
    private static Color colour(String family, SplittableRandom random) {
        float hue = family.equals("warm") ? random.nextFloat() * 0.15f : 0.5f + random.nextFloat() * 0.17f;
        return Color.getHSBColor(hue, 0.7f + random.nextFloat() * 0.3f, 0.6f + random.nextFloat() * 0.4f);
    }
}
