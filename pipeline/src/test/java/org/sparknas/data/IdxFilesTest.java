package org.sparknas.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparknas.config.ConfigException;

class IdxFilesTest {

    @TempDir
    Path dir;

    /** An IDX file as gzip: magic, the header ints, then {@code body}. */
    static byte[] idx(int magic, int[] header, byte[] body) throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(raw)) {
            out.writeInt(magic);
            for (int h : header) {
                out.writeInt(h);
            }
            out.write(body);
        }
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(raw.toByteArray());
        }
        return gz.toByteArray();
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        return file;
    }

    @Test
    void readsImagesAndLabels() throws IOException {
        byte[] pixels = new byte[3 * 4 * 5];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 7);
        }
        IdxFiles.Images images = IdxFiles.readImages(write("i.gz", idx(IdxFiles.IMAGES_MAGIC, new int[] {3, 4, 5}, pixels)));
        assertEquals(3, images.count());
        assertEquals(4, images.rows());
        assertEquals(5, images.columns());
        assertArrayEquals(pixels, images.pixels());
        byte[] labels = {1, 2, 9};
        assertArrayEquals(labels, IdxFiles.readLabels(write("l.gz", idx(IdxFiles.LABELS_MAGIC, new int[] {3}, labels))));
    }

    @Test
    void aWrongMagicNumberNamesTheFile() throws IOException {
        Path labels = write("labels.gz", idx(IdxFiles.LABELS_MAGIC, new int[] {2}, new byte[] {1, 2}));
        ConfigException e = assertThrows(ConfigException.class, () -> IdxFiles.readImages(labels));
        assertTrue(e.getMessage().contains(labels.toString()) && e.getMessage().contains("magic number"), e.getMessage());
    }

    @Test
    void fewerItemsThanTheHeaderAnnouncesIsTruncated() throws IOException {
        Path file = write("short.gz", idx(IdxFiles.IMAGES_MAGIC, new int[] {5, 2, 2}, new byte[12]));
        ConfigException e = assertThrows(ConfigException.class, () -> IdxFiles.readImages(file));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("truncated")
                && e.getMessage().contains("5 images of 2x2"), e.getMessage());
    }

    @Test
    void moreDataThanAnnouncedIsRefused() throws IOException {
        Path file = write("long.gz", idx(IdxFiles.LABELS_MAGIC, new int[] {2}, new byte[] {1, 2, 3}));
        ConfigException e = assertThrows(ConfigException.class, () -> IdxFiles.readLabels(file));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("more data"), e.getMessage());
    }

    @Test
    void aCutGzipStreamIsTruncated() throws IOException {
        byte[] whole = idx(IdxFiles.IMAGES_MAGIC, new int[] {50, 10, 10}, new byte[5000]);
        Path file = write("cut.gz", Arrays.copyOf(whole, whole.length / 2));
        ConfigException e = assertThrows(ConfigException.class, () -> IdxFiles.readImages(file));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void aFileThatIsNotGzipIsNamed() throws IOException {
        Path file = write("plain.idx", new byte[] {0, 0, 8, 3, 0, 0, 0, 1});
        ConfigException e = assertThrows(ConfigException.class, () -> IdxFiles.readImages(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void aHeaderCutShortIsTruncated() throws IOException {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(new byte[] {0, 0, 8, 3, 0, 0});
        }
        Path file = write("header.gz", gz.toByteArray());
        ConfigException e = assertThrows(ConfigException.class, () -> IdxFiles.readImages(file));
        assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains("header"), e.getMessage());
    }
}
