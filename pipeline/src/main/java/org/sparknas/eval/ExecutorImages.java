package org.sparknas.eval;

import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.ref.WeakReference;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparknas.data.DecodedImageFile;
import org.sparknas.data.ImageCollection;
import org.sparknas.data.ImageDelivery;
import org.sparknas.data.ImageSet;

/**
 * The images an executor evaluates on. A broadcast {@link ImageSet} is used as it is; any other
 * collection is decoded once per JVM, however many tasks, threads and devices ask for it at once
 * (one decodes, the others wait and share its copy), and the decoded bytes are kept in a file on the
 * host's local disk, so that another JVM there (a restarted executor, the next search over the same
 * images) reads them back instead of decoding. The file is found by a fingerprint of the collection
 * (the SHA-256 of its Java serialisation: the addresses and selected indices it reads, not its
 * pixels), and checked when read back; a damaged or unwritable cache only costs a decode.
 *
 * <p>The cache is never cleaned up by sparknas: its files are named by what they hold, so a stale one
 * is merely unused. Images changed in place at the same addresses are not noticed: delete the cache
 * directory when that happens.
 */
public final class ExecutorImages {

    private static final Logger LOG = LoggerFactory.getLogger(ExecutorImages.class);
    private static final Map<String, Object> LOCKS = new ConcurrentHashMap<>();
    /** Weak: the evaluators that use a set hold it; once none does, the disk copy is enough. */
    private static final Map<String, WeakReference<ImageSet>> DECODED = new ConcurrentHashMap<>();

    private ExecutorImages() {
    }

    /**
     * {@code images} decoded, from this JVM's copy, the disk cache under {@code cacheDir} (empty:
     * java.io.tmpdir/{@value ImageDelivery#CACHE_FOLDER}), or storage, in that order of preference.
     *
     * @throws org.sparknas.data.ImageReadException when an image cannot be read (naming it)
     */
    public static ImageSet of(ImageCollection images, String cacheDir) {
        if (images instanceof ImageSet set) {
            return set;
        }
        String key = fingerprint(images);
        synchronized (LOCKS.computeIfAbsent(key, k -> new Object())) {
            WeakReference<ImageSet> held = DECODED.get(key);
            ImageSet set = held == null ? null : held.get();
            if (set == null) {
                set = load(images, cacheFile(cacheDir, key));
                DECODED.put(key, new WeakReference<>(set));
            }
            return set;
        }
    }

    /** Forgets this JVM's decoded copies, as a new JVM starts (tests of the disk cache). */
    static void forgetDecoded() {
        DECODED.clear();
    }

    /** Where the decoded copy of the collection with fingerprint {@code key} is kept. */
    static Path cacheFile(String cacheDir, String key) {
        Path root = cacheDir.isEmpty() ? Path.of(System.getProperty("java.io.tmpdir"), ImageDelivery.CACHE_FOLDER)
                : Path.of(cacheDir);
        return root.resolve(key + ".images");
    }

    /** From the disk cache, or decoded and written there; one JVM of the host at a time decodes. */
    private static ImageSet load(ImageCollection images, Path file) {
        long start = System.nanoTime();
        try (HostLock ignored = HostLock.of(file)) {
            Optional<ImageSet> cached = readCache(file, images);
            if (cached.isPresent()) {
                log(images, cached.get(), start, "from the disk cache " + file);
                return cached.get();
            }
            ImageSet decoded = images.readAll();
            String where;
            try {
                DecodedImageFile.write(file, decoded);
                where = "from storage, now cached in " + file;
            } catch (IOException | RuntimeException e) {
                where = "from storage (not cached: cannot write " + file + ": " + e + ")";
            }
            log(images, decoded, start, where);
            return decoded;
        }
    }

    private static Optional<ImageSet> readCache(Path file, ImageCollection images) {
        try {
            return DecodedImageFile.read(file, images);
        } catch (IOException | RuntimeException e) {
            LOG.warn("sparknas: ignoring the image cache file {}: {}; decoding the images again", file, e.getMessage());
            return Optional.empty();
        }
    }

    private static void log(ImageCollection images, ImageSet set, long start, String where) {
        LOG.info(String.format(Locale.ROOT, "sparknas: executor images: %s: %,d images, %s, in %.2f s, %s",
                images.describe(), set.count(), ImageDelivery.size((long) set.pixels().length + set.labels().length),
                (System.nanoTime() - start) / 1e9, where));
    }

    /** SHA-256 of the collection's Java serialisation: the same collection gives the same name on every host. */
    static String fingerprint(ImageCollection images) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            try (ObjectOutputStream out = new ObjectOutputStream(new DigestOutputStream(OutputStream.nullOutputStream(), sha))) {
                out.writeObject(images);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise " + images.describe() + " (an image collection must be"
                    + " Serializable to be read by executors)", e);
        }
    }

    /**
     * A lock on the cache file shared by the JVMs of a host, so that two executors starting together
     * decode once; where the file system has no locks, each JVM decodes for itself (still correct).
     */
    private record HostLock(FileChannel channel, FileLock lock) implements AutoCloseable {

        static HostLock of(Path file) {
            try {
                Files.createDirectories(file.getParent());
                FileChannel channel = FileChannel.open(file.resolveSibling(file.getFileName() + ".lock"),
                        StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                try {
                    return new HostLock(channel, channel.lock());
                } catch (IOException | RuntimeException e) {
                    channel.close();
                    throw e;
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("sparknas: no lock on the image cache {} ({}); this JVM decodes without waiting for others", file, e);
                return new HostLock(null, null);
            }
        }

        @Override
        public void close() {
            try {
                if (lock != null) {
                    lock.release();
                }
                if (channel != null) {
                    channel.close();
                }
            } catch (IOException e) {
                LOG.warn("sparknas: cannot release the image cache lock: {}", e.toString());
            }
        }
    }
}
