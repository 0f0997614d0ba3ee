package org.sparknas.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.sparknas.config.ConfigException;

/**
 * Reads gzip-compressed IDX files (the MNIST / Fashion-MNIST format): a big-endian header of a
 * magic number ({@code 0x00000803} for images, {@code 0x00000801} for labels), the item count and,
 * for images, rows and columns; then one unsigned byte per pixel or label. Every inconsistency
 * (wrong magic, a count that the data does not fill, extra bytes, a damaged gzip stream) is a
 * {@link ConfigException} that names the file, because a half-read data set would silently skew
 * every accuracy measured on it.
 */
public final class IdxFiles {

    static final int IMAGES_MAGIC = 0x00000803;
    static final int LABELS_MAGIC = 0x00000801;

    /** Images of one IDX file: {@code count} images of {@code rows x columns} bytes. */
    public record Images(int count, int rows, int columns, byte[] pixels) {
    }

    private IdxFiles() {
    }

    public static Images readImages(Path file) {
        try (DataInputStream in = open(file)) {
            int magic = header(file, in, "magic number");
            if (magic != IMAGES_MAGIC) {
                throw new ConfigException(file + " is not an IDX image file: magic number 0x" + Integer.toHexString(magic)
                        + ", expected 0x" + Integer.toHexString(IMAGES_MAGIC) + " (was a label file given in its place?)");
            }
            int count = header(file, in, "image count");
            int rows = header(file, in, "row count");
            int columns = header(file, in, "column count");
            if (count < 0 || rows <= 0 || columns <= 0 || (long) count * rows * columns > Integer.MAX_VALUE - 8) {
                throw new ConfigException(file + " has an impossible header: " + count + " images of " + rows + "x" + columns);
            }
            byte[] pixels = body(file, in, count * rows * columns, count + " images of " + rows + "x" + columns);
            return new Images(count, rows, columns, pixels);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    public static byte[] readLabels(Path file) {
        try (DataInputStream in = open(file)) {
            int magic = header(file, in, "magic number");
            if (magic != LABELS_MAGIC) {
                throw new ConfigException(file + " is not an IDX label file: magic number 0x" + Integer.toHexString(magic)
                        + ", expected 0x" + Integer.toHexString(LABELS_MAGIC) + " (was an image file given in its place?)");
            }
            int count = header(file, in, "label count");
            if (count < 0) {
                throw new ConfigException(file + " has an impossible header: " + count + " labels");
            }
            return body(file, in, count, count + " labels");
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        try {
            InputStream raw = Files.newInputStream(file);
            try {
                return new DataInputStream(new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16));
            } catch (IOException e) {
                raw.close();
                throw e;
            }
        } catch (NoSuchFileException e) {
            throw new ConfigException("data file " + file + " does not exist", e);
        }
    }

    private static int header(Path file, DataInputStream in, String what) throws IOException {
        try {
            return in.readInt();
        } catch (EOFException e) {
            throw new ConfigException(file + " is truncated: it ends inside the IDX header (" + what + ")", e);
        }
    }

    private static byte[] body(Path file, DataInputStream in, int length, String announced) throws IOException {
        byte[] data;
        try {
            data = in.readNBytes(length);
        } catch (EOFException e) {
            // GZIPInputStream reports a cut-off compressed stream as EOFException
            throw new ConfigException(file + " is truncated: the gzip stream ends early (the header announces "
                    + announced + ")", e);
        }
        if (data.length < length) {
            throw new ConfigException(file + " is truncated: the header announces " + announced + " (" + length
                    + " bytes), the file holds " + data.length);
        }
        if (in.read() != -1) {
            throw new ConfigException(file + " has more data than its header announces (" + announced + ")");
        }
        return data;
    }

    private static ConfigException unreadable(Path file, IOException e) {
        if (e instanceof ZipException || e instanceof EOFException) {
            return new ConfigException(file + " is damaged or truncated (not a complete gzip file): " + e.getMessage(), e);
        }
        return new ConfigException("cannot read " + file + ": " + e, e);
    }
}
