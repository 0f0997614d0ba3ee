package org.sparknas.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ImageDecoderTest {

    @Test
    void decodesRgbPlanarAndDropsAlpha() {
        BufferedImage image = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
        image.setRGB(0, 0, 0x80102030);
        image.setRGB(1, 0, 0xff405060);
        byte[] out = new ImageDecoder(3, 1).decode(TestImages.png(image), "two.png");
        // 2x1 scaled to shorter side 1 is 2x1 already (round(2 * 1 / 1) = 2), then the centre 1x1: the first pixel
        assertArrayEquals(new byte[] {0x10, 0x20, 0x30}, out);
        byte[] full = new ImageDecoder(3, 2).decode(TestImages.png(square(image)), "square.png");
        assertEquals(3 * 4, full.length);
        assertArrayEquals(new byte[] {0x10, 0x40, 0x10, 0x40}, Arrays.copyOfRange(full, 0, 4), "red plane, alpha ignored");
        assertArrayEquals(new byte[] {0x30, 0x60, 0x30, 0x60}, Arrays.copyOfRange(full, 8, 12), "blue plane");
    }

    /** {@code image}'s one row, twice. */
    private static BufferedImage square(BufferedImage row) {
        BufferedImage s = new BufferedImage(2, 2, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 2; x++) {
                s.setRGB(x, y, row.getRGB(x, 0));
            }
        }
        return s;
    }

    @Test
    void greyIsReplicatedIntoThreeChannelsWithItsOwnValues() {
        BufferedImage grey = new BufferedImage(2, 2, BufferedImage.TYPE_BYTE_GRAY);
        int[] values = {0, 77, 128, 255};
        grey.getRaster().setPixels(0, 0, 2, 2, values);
        byte[] out = new ImageDecoder(3, 2).decode(TestImages.png(grey), "grey.png");
        byte[] plane = {0, 77, (byte) 128, (byte) 255};
        for (int c = 0; c < 3; c++) {
            assertArrayEquals(plane, Arrays.copyOfRange(out, c * 4, c * 4 + 4), "channel " + c);
        }
        assertArrayEquals(plane, new ImageDecoder(1, 2).decode(TestImages.png(grey), "grey.png"));
    }

    @Test
    void oneChannelIsTheLuminanceOfColour() {
        // (299 * 200 + 587 * 100 + 114 * 50 + 500) / 1000 = 124
        byte[] out = new ImageDecoder(1, 3).decode(TestImages.png(TestImages.solid(3, 3, 0xc86432)), "c.png");
        byte[] expected = new byte[9];
        Arrays.fill(expected, (byte) 124);
        assertArrayEquals(expected, out);
    }

    /**
     * An 8x4 image whose pixel (x, y) has red 10x + 40y, scaled to 2 (shorter side 4 -> 2: factor 1/2,
     * 8 -> 4 wide), then the centre 2x2 of the 4x2: scaled columns 1 and 2, which average source columns
     * 2-3 and 4-5, rows 0-1 and 2-3.
     */
    @Test
    void scalesTheShorterSideByAreaAveragingThenCropsTheCentre() {
        BufferedImage image = new BufferedImage(8, 4, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 8; x++) {
                image.setRGB(x, y, (10 * x + 40 * y) << 16);
            }
        }
        byte[] red = Arrays.copyOf(new ImageDecoder(3, 2).decode(TestImages.png(image), "wide.png"), 4);
        // mean of x in {2,3}, y in {0,1}: 25 + 20 = 45; x in {4,5}: 65; y in {2,3}: 45 + 80, 65 + 80
        assertArrayEquals(new byte[] {45, 65, (byte) 125, (byte) (145)}, red);
    }

    /** A tall 3x5 image to 2: factor 2/3, 5 -> round(10/3) = 3 tall, centre 2 of 3 rows: scaled rows 0 and 1. */
    @Test
    void aFractionalScaleWeighsEachSourcePixelByTheAreaItCovers() {
        BufferedImage image = new BufferedImage(3, 5, BufferedImage.TYPE_BYTE_GRAY);
        int[] pixels = new int[15];
        for (int y = 0; y < 5; y++) {
            for (int x = 0; x < 3; x++) {
                pixels[y * 3 + x] = x == 0 ? 90 : x == 1 ? 150 : 30;
            }
        }
        image.getRaster().setPixels(0, 0, 3, 5, pixels);
        byte[] out = new ImageDecoder(1, 2).decode(TestImages.png(image), "tall.png");
        // output column 0 covers source [0, 1.5): (90 * 1 + 150 * 0.5) / 1.5 = 110; column 1 covers [1.5, 3): (150 * 0.5 + 30) / 1.5 = 70;
        // rows are uniform (5 rows to 3 covers [0, 5/3) and [5/3, 10/3)), so every row is the same
        assertArrayEquals(new byte[] {110, 70, 110, 70}, out);
    }

    @Test
    void anImageOfTheSizeIsUsedAsItIsAndSmallerOnesAreScaledUp() {
        BufferedImage grey = new BufferedImage(2, 2, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setPixels(0, 0, 2, 2, new int[] {10, 20, 30, 40});
        // each output pixel of a 4x4 covers a quarter of one source pixel: a 2x enlargement repeats pixels
        assertArrayEquals(new byte[] {10, 10, 20, 20, 10, 10, 20, 20, 30, 30, 40, 40, 30, 30, 40, 40},
                new ImageDecoder(1, 4).decode(TestImages.png(grey), "small.png"));
    }

    @Test
    void aJpegDecodesCloseToItsColour() {
        byte[] out = new ImageDecoder(3, 8).decode(TestImages.jpeg(TestImages.solid(16, 16, 0x3080c0)), "solid.jpg");
        int[] expected = {0x30, 0x80, 0xc0};
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 64; i++) {
                int v = Byte.toUnsignedInt(out[c * 64 + i]);
                assertTrue(Math.abs(v - expected[c]) <= 3, "channel " + c + " pixel " + i + ": " + v);
            }
        }
    }

    @Test
    void truncatedAndForeignBytesAreImageReadErrorsNamingTheImage() {
        byte[] jpeg = TestImages.jpeg(noise(64, 64));
        ImageReadException cut = assertThrows(ImageReadException.class,
                () -> new ImageDecoder(3, 8).decode(Arrays.copyOf(jpeg, jpeg.length / 2), "/photos/cat/1.jpg"));
        assertTrue(cut.getMessage().startsWith("/photos/cat/1.jpg is damaged or truncated"), cut.getMessage());
        byte[] png = TestImages.png(noise(64, 64));
        ImageReadException cutPng = assertThrows(ImageReadException.class,
                () -> new ImageDecoder(3, 8).decode(Arrays.copyOf(png, png.length / 2), "/photos/cat/2.png"));
        assertTrue(cutPng.getMessage().startsWith("/photos/cat/2.png cannot be decoded"), cutPng.getMessage());
        ImageReadException text = assertThrows(ImageReadException.class,
                () -> new ImageDecoder(3, 8).decode("not an image".getBytes(), "/photos/cat/3.png"));
        assertTrue(text.getMessage().startsWith("/photos/cat/3.png is not an image"), text.getMessage());
    }

    static BufferedImage noise(int w, int h) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        return image;
    }
}
