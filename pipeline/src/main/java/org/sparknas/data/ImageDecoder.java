package org.sparknas.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Turns encoded image files (JPEG, PNG, or anything else {@code javax.imageio} reads) into the
 * {@code channels x size x size} bytes a network takes, the same way on every machine (pure Java,
 * no native decoder):
 * <ol>
 *   <li>colour: the file's own samples, not a colour-managed conversion (a grey PNG keeps its
 *       values); alpha is dropped, not composited; palette images go through their palette;</li>
 *   <li>channels: 3 takes red, green, blue (a grey image is replicated into all three); 1 takes
 *       grey, or the luminance {@code (299 R + 587 G + 114 B) / 1000} of a colour image (ITU-R
 *       BT.601, as PIL's {@code L} mode), rounded;</li>
 *   <li>size, as Once-for-All's ImageNet pipeline: scaled so that the shorter side is {@code size}
 *       (the longer side rounded to whole pixels), by area averaging (each output pixel is the mean of
 *       the input area it covers, weighted by coverage: PIL's {@code BOX}, OpenCV's {@code INTER_AREA}),
 *       then the centre {@code size x size} cropped (an odd surplus loses its extra pixel at the end).
 *       An image already {@code size x size} is used as it is.</li>
 * </ol>
 *
 * @param channels 1 or 3
 * @param size     the side of the square output
 */
public record ImageDecoder(int channels, int size) implements Serializable {

    private static final long serialVersionUID = 1L;

    public ImageDecoder {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("images are decoded to 1 or 3 channels, not " + channels);
        }
        if (size <= 0) {
            throw new IllegalArgumentException("the image size must be positive, got " + size);
        }
    }

    /** Bytes per decoded image. */
    public int imageBytes() {
        return channels * size * size;
    }

    /**
     * Decodes {@code encoded}.
     *
     * @param where the image's full path (or table, file and row), for the error message
     * @throws ImageReadException when the bytes are no image, or a damaged or truncated one
     */
    public byte[] decode(byte[] encoded, String where) {
        BufferedImage image = read(encoded, where);
        int w = image.getWidth();
        int h = image.getHeight();
        return resizeAndCrop(samples(image), w, h);
    }

    private static BufferedImage read(byte[] encoded, String where) {
        // an in-memory stream: ImageIO's default would spill the stream to a temporary file
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(encoded))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new ImageReadException(where + " is not an image (no JPEG or PNG reader recognises its " + encoded.length
                        + " bytes); remove it or replace it with a JPEG or PNG file");
            }
            ImageReader reader = readers.next();
            try {
                // a truncated JPEG decodes with a warning and grey rows, not an exception: treat it as damaged
                List<String> warnings = new ArrayList<>();
                reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
                reader.setInput(in, true, true);
                BufferedImage image = reader.read(0);
                if (!warnings.isEmpty()) {
                    throw new ImageReadException(where + " is damaged or truncated (" + warnings.get(0)
                            + "); remove it or replace it with a complete copy");
                }
                return image;
            } finally {
                reader.dispose();
            }
        } catch (ImageReadException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new ImageReadException(where + " cannot be decoded (" + e + "); it is damaged, truncated or of a kind"
                    + " the Java decoders do not read (e.g. a CMYK JPEG); remove it or replace it with an RGB or grey JPEG or"
                    + " PNG", e);
        }
    }

    /** The image's samples in this decoder's channels, planar ({@code channels x h x w}), 0-255. */
    private int[] samples(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        ColorModel cm = image.getColorModel();
        int type = cm.getColorSpace().getType();
        boolean direct = !(cm instanceof IndexColorModel)
                && (type == ColorSpace.TYPE_GRAY || type == ColorSpace.TYPE_RGB);
        int colours = direct ? (type == ColorSpace.TYPE_GRAY ? 1 : 3) : 3;
        int plane = w * h;
        int[] own = new int[colours * plane];
        if (direct && bytesOf(image, colours, own)) {
            // the common case (8-bit JPEG and PNG), read straight from the pixel array
        } else if (direct) {
            Raster raster = image.getRaster();
            int bands = raster.getNumBands();
            int[] row = new int[w * bands];
            int[] max = new int[colours];
            for (int c = 0; c < colours; c++) {
                max[c] = (1 << cm.getComponentSize(c)) - 1;
            }
            for (int y = 0; y < h; y++) {
                raster.getPixels(0, y, w, 1, row);
                for (int x = 0; x < w; x++) {
                    for (int c = 0; c < colours; c++) {
                        int v = row[x * bands + c];
                        own[c * plane + y * w + x] = max[c] == 255 ? v : (v * 255 + max[c] / 2) / max[c];
                    }
                }
            }
        } else {
            // palettes and other colour spaces: Java2D's conversion to sRGB
            int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
            for (int i = 0; i < plane; i++) {
                own[i] = (argb[i] >> 16) & 0xff;
                own[plane + i] = (argb[i] >> 8) & 0xff;
                own[2 * plane + i] = argb[i] & 0xff;
            }
        }
        if (colours == channels) {
            return own;
        }
        int[] out = new int[channels * plane];
        if (colours == 1) {
            for (int c = 0; c < channels; c++) {
                System.arraycopy(own, 0, out, c * plane, plane);
            }
        } else {
            for (int i = 0; i < plane; i++) {
                out[i] = (299 * own[i] + 587 * own[plane + i] + 114 * own[2 * plane + i] + 500) / 1000;
            }
        }
        return out;
    }

    /**
     * Copies the first {@code colours} bands of an image of 8-bit samples in one interleaved byte
     * array into planar {@code out}; false (nothing copied) for any other layout.
     */
    private static boolean bytesOf(BufferedImage image, int colours, int[] out) {
        Raster raster = image.getRaster();
        if (!(raster.getSampleModel() instanceof ComponentSampleModel model)
                || !(raster.getDataBuffer() instanceof DataBufferByte buffer) || buffer.getNumBanks() != 1
                || raster.getSampleModelTranslateX() != 0 || raster.getSampleModelTranslateY() != 0) {
            return false;
        }
        for (int c = 0; c < colours; c++) {
            if (model.getSampleSize(c) != 8 || model.getBankIndices()[c] != 0) {
                return false;
            }
        }
        byte[] data = buffer.getData();
        int[] offsets = model.getBandOffsets();
        int pixelStride = model.getPixelStride();
        int scanline = model.getScanlineStride();
        int w = image.getWidth();
        int h = image.getHeight();
        int plane = w * h;
        int base = buffer.getOffset();
        for (int c = 0; c < colours; c++) {
            int at = c * plane;
            for (int y = 0; y < h; y++) {
                int i = base + y * scanline + offsets[c];
                for (int x = 0; x < w; x++, i += pixelStride) {
                    out[at++] = data[i] & 0xff;
                }
            }
        }
        return true;
    }

    /** Scales planar samples of a {@code w x h} image so the shorter side is {@code size}, then crops the centre. */
    private byte[] resizeAndCrop(int[] samples, int w, int h) {
        int scaledW;
        int scaledH;
        if (w <= h) {
            scaledW = size;
            scaledH = (int) Math.max(size, (2L * h * size + w) / (2L * w));
        } else {
            scaledH = size;
            scaledW = (int) Math.max(size, (2L * w * size + h) / (2L * h));
        }
        byte[] out = new byte[imageBytes()];
        int plane = w * h;
        if (scaledW == w && scaledH == h) {
            // already the size on its shorter side: the centre crop only
            int offX = (w - size) / 2;
            int offY = (h - size) / 2;
            for (int c = 0; c < channels; c++) {
                for (int y = 0; y < size; y++) {
                    int from = c * plane + (y + offY) * w + offX;
                    int to = (c * size + y) * size;
                    for (int x = 0; x < size; x++) {
                        out[to + x] = (byte) samples[from + x];
                    }
                }
            }
            return out;
        }
        Axis xs = Axis.of(w, scaledW, (scaledW - size) / 2, size);
        Axis ys = Axis.of(h, scaledH, (scaledH - size) / 2, size);
        double[] columns = new double[ys.rows() * size];
        for (int c = 0; c < channels; c++) {
            int base = c * plane;
            // horizontal pass over the source rows the output needs, then the vertical pass
            for (int r = 0; r < ys.rows(); r++) {
                int rowStart = base + (ys.first() + r) * w;
                for (int o = 0; o < size; o++) {
                    double sum = 0;
                    int from = xs.from()[o];
                    double[] weights = xs.weights()[o];
                    for (int k = 0; k < weights.length; k++) {
                        sum += weights[k] * samples[rowStart + from + k];
                    }
                    columns[r * size + o] = sum;
                }
            }
            int outBase = c * size * size;
            for (int o = 0; o < size; o++) {
                int from = ys.from()[o] - ys.first();
                double[] weights = ys.weights()[o];
                for (int x = 0; x < size; x++) {
                    double sum = 0;
                    for (int k = 0; k < weights.length; k++) {
                        sum += weights[k] * columns[(from + k) * size + x];
                    }
                    out[outBase + o * size + x] = (byte) Math.min(255, Math.max(0, Math.round(sum)));
                }
            }
        }
        return out;
    }

    /**
     * Area-averaging weights along one axis: output pixel {@code o} covers the source interval
     * {@code [(o + offset) * source / scaled, (o + offset + 1) * source / scaled)}; {@code from[o]} is
     * its first source pixel and {@code weights[o]} the coverage of each (they sum to 1).
     * {@code first} and {@code rows} bound the source pixels any output pixel needs.
     */
    private record Axis(int[] from, double[][] weights, int first, int rows) {

        static Axis of(int source, int scaled, int offset, int size) {
            int[] from = new int[size];
            double[][] weights = new double[size][];
            double ratio = (double) source / scaled;
            int first = Integer.MAX_VALUE;
            int last = 0;
            for (int o = 0; o < size; o++) {
                double lo = (o + offset) * ratio;
                double hi = Math.min(source, (o + offset + 1) * ratio);
                int start = (int) Math.floor(lo);
                int end = Math.min(source, (int) Math.ceil(hi));
                if (end <= start) {
                    end = start + 1;
                }
                double[] w = new double[end - start];
                for (int i = start; i < end; i++) {
                    w[i - start] = (Math.min(hi, i + 1) - Math.max(lo, i)) / (hi - lo);
                }
                from[o] = start;
                weights[o] = w;
                first = Math.min(first, start);
                last = Math.max(last, end);
            }
            return new Axis(from, weights, first, last - first);
        }
    }
}
