package org.sparknas.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.CRC32C;

/**
 * Decoded images in a local file, so that another JVM on the same host (a restarted executor, the
 * next search) takes them from disk instead of decoding them again. The file is a fixed header
 * (magic, count, shape, classes, CRC-32C of the rest) followed by the labels and the pixels. It is
 * written under a temporary name and renamed into place, so a reader sees a whole file or none, and
 * {@link #read} checks the size, the shape and the checksum, so a damaged file is never taken for
 * images.
 */
public final class DecodedImageFile {

    private static final byte[] MAGIC = {'S', 'N', 'I', 'M', 'G', '0', '0', '1'};
    static final int HEADER = MAGIC.length + 5 * Integer.BYTES + Long.BYTES;
    private static final int CHUNK = 1 << 20;

    private DecodedImageFile() {
    }

    /**
     * The images in {@code file} when it holds exactly {@code expected}'s count, shape and classes and
     * its checksum is right; empty when it is missing.
     *
     * @throws IOException when it exists but cannot be read or does not hold what it should (the message says what)
     */
    public static Optional<ImageSet> read(Path file, ImageCollection expected) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        long count = expected.count();
        long length = HEADER + count + count * expected.imageSize();
        long actual = Files.size(file);
        if (actual != length) {
            throw new IOException("holds " + actual + " bytes where " + count + " images of " + expected.channels() + "x"
                    + expected.height() + "x" + expected.width() + " take " + length);
        }
        try (InputStream in = Files.newInputStream(file)) {
            ByteBuffer header = ByteBuffer.wrap(in.readNBytes(HEADER));
            byte[] magic = new byte[MAGIC.length];
            header.get(magic);
            int[] shape = {header.getInt(), header.getInt(), header.getInt(), header.getInt(), header.getInt()};
            int[] want = {expected.count(), expected.channels(), expected.height(), expected.width(), expected.numClasses()};
            if (!java.util.Arrays.equals(magic, MAGIC) || !java.util.Arrays.equals(shape, want)) {
                throw new IOException("its header " + java.util.Arrays.toString(shape) + " is not that of "
                        + java.util.Arrays.toString(want) + " (count, channels, height, width, classes)");
            }
            long checksum = header.getLong();
            byte[] labels = in.readNBytes(expected.count());
            byte[] pixels = in.readNBytes(Math.toIntExact(count * expected.imageSize()));
            CRC32C crc = new CRC32C();
            crc.update(labels);
            crc.update(pixels);
            if (crc.getValue() != checksum) {
                throw new IOException("its checksum does not match its content (damaged)");
            }
            return Optional.of(new ImageSet(pixels, labels, expected.channels(), expected.height(), expected.width(),
                    expected.numClasses()));
        }
    }

    /** Writes {@code images} as {@code file}: whole under a temporary name, synced, then renamed into place. */
    public static void write(Path file, ImageSet images) throws IOException {
        Files.createDirectories(file.getParent());
        Path temporary = file.resolveSibling("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            CRC32C crc = new CRC32C();
            crc.update(images.labels());
            crc.update(images.pixels());
            ByteBuffer header = ByteBuffer.allocate(HEADER);
            header.put(MAGIC).putInt(images.count()).putInt(images.channels()).putInt(images.height())
                    .putInt(images.width()).putInt(images.numClasses()).putLong(crc.getValue());
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                 OutputStream out = Channels.newOutputStream(channel)) {
                out.write(header.array());
                out.write(images.labels());
                for (int at = 0; at < images.pixels().length; at += CHUNK) {
                    out.write(images.pixels(), at, Math.min(CHUNK, images.pixels().length - at));
                }
                out.flush();
                channel.force(true);
            }
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
