package org.sparknas.files;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.sparknas.config.ConfigException;

/**
 * Whole-file reads and atomic writes at a local path or a Hadoop FileSystem URI ({@code hdfs://},
 * {@code s3a://}, ...): the one place the driver reads and writes single files (supernet weights,
 * latency tables, checkpoints, training outputs), so that a run on a cluster's driver can keep them on
 * shared storage. Plain paths and {@code file:} URIs go to the local disk directly, anything with another
 * scheme through Hadoop with {@link DriverHadoop#configuration()}; the methods given a Hadoop
 * configuration resolve every path through it, as Spark does.
 * Writes go through {@link AtomicReplace}: a reader (or a resumed run) never sees half a file.
 */
public final class WholeFiles {

    /** Java arrays stop a little below 2 GiB. */
    private static final long MAX_BYTES = Integer.MAX_VALUE - 8;

    private WholeFiles() {
    }

    /** {@code name} inside directory {@code dir} (a path or URI). */
    public static String resolve(String dir, String name) {
        return dir.endsWith("/") ? dir + name : dir + "/" + name;
    }

    public static void write(String target, byte[] bytes) {
        if (isLocal(target)) {
            write(local(target), bytes);
            return;
        }
        try {
            org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(target);
            FileSystem fs = path.getFileSystem(DriverHadoop.configuration());
            AtomicReplace atomic = new AtomicReplace(fs, AtomicReplace.existingIsComplete(fs));
            AtomicReplace.Content content = tmp -> {
                try (OutputStream out = fs.create(tmp, true)) {
                    out.write(bytes);
                }
            };
            if (fs.exists(path)) {
                atomic.replace(path, content);
            } else {
                atomic.publishNew(path, content);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /** Writes a local file atomically (see {@link AtomicReplace#replaceLocal}). */
    public static void write(Path file, byte[] bytes) {
        try {
            AtomicReplace.replaceLocal(file, bytes);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** @throws ConfigException when the file does not exist or cannot be read (names the file) */
    public static byte[] read(String target) {
        if (!isLocal(target)) {
            return read(target, DriverHadoop.configuration());
        }
        try {
            Path file = local(target);
            checkSize(target, Files.size(file));
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException("file " + target + " does not exist", e);
        } catch (IOException e) {
            throw new ConfigException("cannot read " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads {@code target} through the Hadoop FileSystem that {@code hadoop} resolves it to (a path
     * without a scheme is on that configuration's default file system, as for Spark's own reads).
     *
     * @param hadoop e.g. a Spark session's Hadoop configuration, or {@link DriverHadoop#configuration()}
     * @throws ConfigException when the file does not exist, cannot be read or is too large for one array (names the file)
     */
    public static byte[] read(String target, Configuration hadoop) {
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(target);
        try {
            FileSystem fs = path.getFileSystem(hadoop);
            recover(fs, path);
            checkSize(target, fs.getFileStatus(path).getLen());
            try (InputStream in = fs.open(path)) {
                return in.readAllBytes();
            }
        } catch (FileNotFoundException e) {
            throw new ConfigException("file " + target + " does not exist", e);
        } catch (IOException e) {
            throw new ConfigException("cannot read " + target + ": " + e.getMessage(), e);
        }
    }

    public static boolean exists(String target) {
        if (!isLocal(target)) {
            return exists(target, DriverHadoop.configuration());
        }
        return Files.exists(local(target));
    }

    /** Whether {@code target} exists on the Hadoop FileSystem {@code hadoop} resolves it to (see {@link #read(String, Configuration)}). */
    public static boolean exists(String target, Configuration hadoop) {
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(target);
        try {
            FileSystem fs = path.getFileSystem(hadoop);
            recover(fs, path);
            return fs.exists(path);
        } catch (IOException e) {
            throw new ConfigException("cannot reach " + target + ": " + e.getMessage(), e);
        }
    }

    /** Names of the files directly in {@code dir}; empty when it does not exist. */
    public static List<String> list(String dir) {
        List<String> names = new ArrayList<>();
        try {
            if (isLocal(dir)) {
                Path d = local(dir);
                if (Files.isDirectory(d)) {
                    try (var files = Files.list(d)) {
                        files.filter(Files::isRegularFile).forEach(f -> names.add(f.getFileName().toString()));
                    }
                }
            } else {
                org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(dir);
                FileSystem fs = path.getFileSystem(DriverHadoop.configuration());
                if (fs.exists(path)) {
                    for (FileStatus s : fs.listStatus(path)) {
                        if (s.isFile()) {
                            names.add(s.getPath().getName());
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new ConfigException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        names.sort(null);
        return names;
    }

    public static void delete(String target) {
        try {
            if (isLocal(target)) {
                Files.deleteIfExists(local(target));
            } else {
                org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(target);
                path.getFileSystem(DriverHadoop.configuration()).delete(path, false);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot delete " + target + ": " + e.getMessage(), e);
        }
    }

    /** Plain paths and {@code file:} URIs are local; anything with another scheme goes through Hadoop. */
    public static boolean isLocal(String target) {
        int colon = target.indexOf(':');
        int slash = target.indexOf('/');
        if (colon < 0 || (slash >= 0 && slash < colon)) {
            return true;
        }
        return target.startsWith("file:");
    }

    private static Path local(String target) {
        return target.startsWith("file:") ? Path.of(URI.create(target)) : Path.of(target);
    }

    /** A replacement a crash interrupted on a Hadoop FileSystem is completed before the file is read. */
    private static void recover(FileSystem fs, org.apache.hadoop.fs.Path path) {
        new AtomicReplace(fs, AtomicReplace.existingIsComplete(fs)).recover(path);
    }

    private static void checkSize(String target, long length) {
        if (length > MAX_BYTES) {
            throw new ConfigException(target + " is " + length + " bytes, too large to read whole");
        }
    }
}
