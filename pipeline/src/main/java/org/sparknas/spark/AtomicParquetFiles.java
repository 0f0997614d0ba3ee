package org.sparknas.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

/**
 * Writes a small Dataset as exactly one Parquet file at a chosen path, atomically: Spark writes
 * it into a staging directory, then a single rename publishes it. A reader (Spark, DuckDB,
 * pandas) sees the whole file or nothing; a crash leaves at most a stale staging directory,
 * which is not under any table.
 *
 * <p>Replacing a file (the run catalog and Pareto rows change as a run progresses) goes through a
 * hidden pending file next to it; {@link #recover} finishes a replacement a crash interrupted.
 */
final class AtomicParquetFiles {

    private final FileSystem fs;
    private final Path staging;

    AtomicParquetFiles(FileSystem fs, Path root) {
        this.fs = fs;
        this.staging = new Path(root, "_staging");
    }

    /** Publishes {@code data} as {@code target}, which must not exist yet. */
    void create(Dataset<Row> data, Path target) {
        try {
            if (fs.exists(target)) {
                throw new IllegalStateException("refusing to overwrite " + target + ": a generation is written once");
            }
            Path part = writeStaged(data);
            fs.mkdirs(target.getParent());
            rename(part, target);
            fs.delete(part.getParent(), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /** Publishes {@code data} as {@code target}, replacing what is there. */
    void replace(Dataset<Row> data, Path target) {
        try {
            Path part = writeStaged(data);
            fs.mkdirs(target.getParent());
            Path pending = pending(target);
            fs.delete(pending, false);
            rename(part, pending);
            fs.delete(part.getParent(), true);
            // Between these two steps a crash leaves only the pending file; recover() completes it.
            fs.delete(target, false);
            rename(pending, target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /** Completes a replacement that a crash interrupted after the old file was removed. */
    void recover(Path target) {
        try {
            Path pending = pending(target);
            if (!fs.exists(target) && fs.exists(pending)) {
                rename(pending, target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot recover " + target + ": " + e.getMessage(), e);
        }
    }

    boolean exists(Path path) {
        try {
            return fs.exists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    private Path writeStaged(Dataset<Row> data) throws IOException {
        Path dir = new Path(staging, UUID.randomUUID().toString());
        data.coalesce(1).write().mode(SaveMode.ErrorIfExists).parquet(dir.toString());
        for (FileStatus status : fs.listStatus(dir)) {
            String name = status.getPath().getName();
            if (name.startsWith("part-") && name.endsWith(".parquet")) {
                return status.getPath();
            }
        }
        throw new IOException("Spark wrote no Parquet part file into " + dir);
    }

    private void rename(Path from, Path to) throws IOException {
        if (!fs.rename(from, to)) {
            throw new IOException("could not rename " + from + " to " + to);
        }
    }

    /** The hidden name a replacement is staged under, next to {@code target} (ignored by Spark and by *.parquet globs). */
    static Path pending(Path target) {
        return new Path(target.getParent(), "." + target.getName() + ".pending");
    }
}
