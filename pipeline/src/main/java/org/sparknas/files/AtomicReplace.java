package org.sparknas.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way sparknas publishes a file: written whole under a hidden temporary name beside its
 * target, closed, then renamed into place, so a reader (Spark, DuckDB, a resumed run) sees the whole
 * file or nothing.
 *
 * <p>On a local disk the rename replaces the old file in one step ({@link #replaceLocal}). A Hadoop
 * FileSystem's rename does not replace, so a replacement goes through a pending name beside the target:
 * temporary, then pending, then (old target removed) target. A pending file is therefore always
 * complete, and a kill at any byte of any step leaves either the old file, or the new one, or a complete
 * pending one that {@link #recover} promotes; an unfinished temporary file is never a candidate for
 * anything and is deleted by the next write of its target.
 */
public final class AtomicReplace {

    private static final Logger LOG = LoggerFactory.getLogger(AtomicReplace.class);
    private static final String TEMPORARY = ".tmp";

    /** What a file on disk holds, as far as a reader can tell. */
    public enum Written { MISSING, INCOMPLETE, COMPLETE }

    /** Writes a file's content, whole, at the temporary path it is given, and closes it. */
    @FunctionalInterface
    public interface Content {
        void writeTo(Path temporary) throws IOException;
    }

    /** Tells a complete file from one a kill cut short (a format's own end marker, for example). */
    @FunctionalInterface
    public interface Completeness {
        /** An I/O error is thrown, never taken for an incomplete file. */
        Written of(Path file) throws IOException;
    }

    private final FileSystem fs;
    private final Completeness completeness;

    /**
     * @param completeness how {@link #recover} tells a complete pending file from a cut one; files
     *                     written only by this class are complete whenever they exist
     */
    public AtomicReplace(FileSystem fs, Completeness completeness) {
        this.fs = fs;
        this.completeness = completeness;
    }

    /** For files that only this class writes: a pending file exists only once it is complete. */
    public static Completeness existingIsComplete(FileSystem fs) {
        return file -> fs.exists(file) ? Written.COMPLETE : Written.MISSING;
    }

    /** Publishes {@code content} as {@code target}, which the caller knows not to exist: a single rename. */
    public void publishNew(Path target, Content content) throws IOException {
        rename(writeTemporary(target, content), target);
    }

    /** Publishes {@code content} as {@code target}, replacing what is there. */
    public void replace(Path target, Content content) throws IOException {
        Path temporary = writeTemporary(target, content);
        Path pending = pending(target);
        // A complete pending file left by a crash is older than the content written now.
        fs.delete(pending, false);
        rename(temporary, pending);
        // From here a crash leaves a complete pending file; recover() completes the replacement.
        fs.delete(target, false);
        if (!fs.rename(pending, target) && !(fs.exists(target) && !fs.exists(pending))) {
            // (a reader's recover() may have promoted this very pending file a moment ago: then all is done)
            throw new IOException("could not rename " + pending + " to " + target);
        }
    }

    /**
     * Completes a replacement that a crash interrupted after the old file was removed, and removes
     * what no crash of this code leaves but an earlier version's could: a pending file that is not
     * complete. A target that is not complete (an earlier version promoted an incomplete file) is moved
     * aside to a hidden name, so that its reader starts over instead of failing on it forever.
     */
    public void recover(Path target) {
        try {
            Written t = completeness.of(target);
            if (t == Written.INCOMPLETE) {
                Path aside = setAside(target, "incomplete");
                LOG.warn("{} is not a complete file (a crash of an earlier version left it): moved to {}", target, aside);
            } else if (t == Written.COMPLETE) {
                return; // the target wins over a pending file: its writer has it in hand, or crashed before using it
            }
            Path pending = pending(target);
            Written p = completeness.of(pending);
            if (p == Written.INCOMPLETE) {
                LOG.warn("deleting {}: not a complete file (a crash of an earlier version left it)", pending);
                fs.delete(pending, false);
            } else if (p == Written.COMPLETE && !fs.rename(pending, target) && !fs.exists(target)) {
                throw new IOException("could not rename " + pending + " to " + target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot recover " + target + ": " + e.getMessage(), e);
        }
    }

    /** Moves {@code target} to a hidden name beside it (ignored by readers, kept) and returns that name. */
    public Path setAside(Path target, String why) {
        Path aside = new Path(target.getParent(), "." + target.getName() + "." + why + "-" + UUID.randomUUID());
        try {
            if (!fs.rename(target, aside) && fs.exists(target)) {
                throw new IOException("could not rename " + target + " to " + aside);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + target + " aside: " + e.getMessage(), e);
        }
        return aside;
    }

    /** The hidden name a replacement is staged under, next to {@code target}. */
    public static Path pending(Path target) {
        return new Path(target.getParent(), "." + target.getName() + ".pending");
    }

    /**
     * Replaces a local file in one step: the temporary file is moved over the target atomically, so
     * there is no moment without a file and nothing to recover.
     */
    public static void replaceLocal(java.nio.file.Path file, byte[] bytes) throws IOException {
        java.nio.file.Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        java.nio.file.Path tmp = Files.createTempFile(parent, "." + file.getFileName(), TEMPORARY);
        try {
            Files.write(tmp, bytes);
            readableByAll(tmp);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Temporary files are private (0600); the outputs are meant to be shared, as any file the user writes. */
    private static void readableByAll(java.nio.file.Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    /** Writes {@code content} whole under a new temporary name beside {@code target}, after removing earlier ones. */
    private Path writeTemporary(Path target, Content content) throws IOException {
        Path dir = target.getParent();
        fs.mkdirs(dir);
        String prefix = "." + target.getName() + ".";
        // Unfinished temporary files of this target, left by a kill during a write: only its writer ever uses them.
        for (FileStatus s : fs.listStatus(dir, p -> p.getName().startsWith(prefix) && p.getName().endsWith(TEMPORARY))) {
            fs.delete(s.getPath(), false);
        }
        Path file = new Path(dir, prefix + UUID.randomUUID() + TEMPORARY);
        content.writeTo(file);
        return file;
    }

    private void rename(Path from, Path to) throws IOException {
        if (!fs.rename(from, to)) {
            throw new IOException("could not rename " + from + " to " + to);
        }
    }
}
