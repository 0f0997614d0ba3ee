package org.sparknas.data;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.sparknas.config.ConfigException;
import org.sparknas.files.StorageHadoop;

/** Paths and reads of stored data files, shared by the image-folder and Parquet collections. */
final class StoredFiles {

    /** A single image file larger than this is refused rather than read into memory. */
    private static final long MAX_IMAGE_BYTES = 256L << 20;

    private StoredFiles() {
    }

    /**
     * {@code location} as a Hadoop path: a URI as given ({@code hdfs://}, {@code s3a://}, {@code file:}),
     * a plain path on the local disk (absolute), never on a cluster's default file system.
     */
    static Path path(String location) {
        Path p = new Path(location);
        if (p.toUri().getScheme() != null) {
            return p;
        }
        return new Path("file", null, java.nio.file.Path.of(location).toAbsolutePath().normalize().toString());
    }

    static FileSystem fileSystem(Path path, String key) {
        try {
            return path.getFileSystem(StorageHadoop.configuration());
        } catch (IOException | RuntimeException e) {
            throw new ConfigException("'" + key + "': no file system for " + path + ": " + e.getMessage(), e);
        }
    }

    /** A hidden name, as Hadoop and Spark hide them: {@code .} or {@code _} first. */
    static boolean hidden(String name) {
        return name.startsWith(".") || name.startsWith("_");
    }

    /** The bytes of one image file. */
    static byte[] readImage(String uri) {
        Path path = new Path(uri);
        try {
            FileSystem fs = path.getFileSystem(StorageHadoop.configuration());
            if (fs instanceof LocalFileSystem local) {
                // image files on a local disk have no checksum files; looking for one per image costs more than reading it
                fs = local.getRawFileSystem();
            }
            long length = fs.getFileStatus(path).getLen();
            if (length > MAX_IMAGE_BYTES) {
                throw new ImageReadException(uri + " has " + length + " bytes, more than an image file may have ("
                        + MAX_IMAGE_BYTES + "); remove it from the data");
            }
            try (InputStream in = fs.open(path)) {
                return in.readAllBytes();
            }
        } catch (FileNotFoundException e) {
            throw new ImageReadException(uri + " no longer exists (it was listed when the data was split); restore it,"
                    + " or start the run again so that the data is listed again", e);
        } catch (IOException e) {
            throw new ImageReadException("cannot read " + uri + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new ImageReadException("cannot open " + uri + " (" + e.getMessage() + "); Hadoop file systems do not"
                    + " accept some names, ':' among them: rename the file", e);
        }
    }

    /** A running SHA-256 of text, for short fingerprints of a listing. */
    static final class Digest {
        private final MessageDigest sha;

        Digest() {
            try {
                sha = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        void add(String text) {
            sha.update(text.getBytes(StandardCharsets.UTF_8));
        }

        /** The first 16 hex digits: enough to notice a changed listing, short enough to read. */
        String shortHex() {
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        }
    }
}
