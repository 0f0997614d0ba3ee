package org.sparknas.train;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.sparknas.config.ConfigException;

/**
 * Whole-file reads and atomic writes at a local path or a Hadoop FileSystem URI ({@code hdfs://},
 * {@code s3a://}, ...), so that a training run on a cluster's driver can keep its outputs on
 * shared storage. A write goes to a temporary file in the same directory and is renamed into
 * place: a reader (or a resumed run) never sees half a file. Locally the rename replaces the old
 * file atomically; Hadoop's rename does not replace, so there the old file is deleted first
 * (checkpoints therefore always get new names and never rely on replacement).
 */
final class OutputFiles {

    private OutputFiles() {
    }

    /** {@code name} inside directory {@code dir} (a path or URI). */
    static String resolve(String dir, String name) {
        return dir.endsWith("/") ? dir + name : dir + "/" + name;
    }

    static void write(String target, byte[] bytes) {
        try {
            if (isLocal(target)) {
                Path file = local(target);
                Path parent = file.toAbsolutePath().getParent();
                Files.createDirectories(parent);
                Path tmp = Files.createTempFile(parent, "." + file.getFileName(), ".tmp");
                try {
                    Files.write(tmp, bytes);
                    readableByAll(tmp);
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(tmp);
                }
                return;
            }
            org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(target);
            FileSystem fs = path.getFileSystem(hadoop());
            org.apache.hadoop.fs.Path tmp = new org.apache.hadoop.fs.Path(path.getParent(),
                    "." + path.getName() + "." + UUID.randomUUID() + ".tmp");
            fs.mkdirs(path.getParent());
            try (OutputStream out = fs.create(tmp, true)) {
                out.write(bytes);
            }
            if (fs.exists(path)) {
                fs.delete(path, false);
            }
            if (!fs.rename(tmp, path)) {
                fs.delete(tmp, false);
                throw new IOException("rename of " + tmp + " to " + path + " failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /** @throws ConfigException when the file does not exist or cannot be read (names the file) */
    static byte[] read(String target) {
        try {
            if (isLocal(target)) {
                return Files.readAllBytes(local(target));
            }
            org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(target);
            try (InputStream in = path.getFileSystem(hadoop()).open(path)) {
                return in.readAllBytes();
            }
        } catch (NoSuchFileException | FileNotFoundException e) {
            throw new ConfigException("file " + target + " does not exist", e);
        } catch (IOException e) {
            throw new ConfigException("cannot read " + target + ": " + e.getMessage(), e);
        }
    }

    static boolean exists(String target) {
        try {
            if (isLocal(target)) {
                return Files.exists(local(target));
            }
            org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(target);
            return path.getFileSystem(hadoop()).exists(path);
        } catch (IOException e) {
            throw new ConfigException("cannot reach " + target + ": " + e.getMessage(), e);
        }
    }

    /** Temporary files are private (0600); the outputs are meant to be shared, as any file the user writes. */
    private static void readableByAll(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    /** Names of the files directly in {@code dir}; empty when it does not exist. */
    static List<String> list(String dir) {
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
                FileSystem fs = path.getFileSystem(hadoop());
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

    static void delete(String target) {
        try {
            if (isLocal(target)) {
                Files.deleteIfExists(local(target));
            } else {
                org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(target);
                path.getFileSystem(hadoop()).delete(path, false);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot delete " + target + ": " + e.getMessage(), e);
        }
    }

    /** Plain paths and {@code file:} URIs are local; anything with another scheme goes through Hadoop. */
    static boolean isLocal(String target) {
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

    /**
     * The Hadoop configuration: the defaults and {@code *-site.xml} on the classpath (spark-submit puts
     * {@code HADOOP_CONF_DIR} there), plus the {@code spark.hadoop.*} properties spark-submit passes
     * to the driver as system properties, as Spark itself applies them.
     */
    private static Configuration hadoop() {
        Configuration conf = new Configuration();
        for (Map.Entry<Object, Object> e : System.getProperties().entrySet()) {
            String key = e.getKey().toString();
            if (key.startsWith("spark.hadoop.")) {
                conf.set(key.substring("spark.hadoop.".length()), e.getValue().toString());
            }
        }
        return conf;
    }
}
