package org.sparknas.store.parquet;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.sparknas.files.AtomicReplace;
import org.sparknas.files.AtomicReplace.Written;

/**
 * Writes rows as exactly one Parquet file at a chosen path, atomically, through {@link AtomicReplace}
 * (a hidden temporary file next to the target, ignored by Spark and by {@code *.parquet} globs, then
 * a rename; a replacement staged under a pending name that {@link #recover} promotes after a crash).
 * A reader (Spark, DuckDB, pandas) sees the whole file or nothing.
 *
 * <p>The tables' files are small (one generation, one run's front, one catalog row), so they are
 * written directly with parquet-hadoop rather than through a Spark job, which would cost a job, a
 * staging directory and a commit for every file.
 *
 * <p>A file counts as complete only when it ends with Parquet's footer ({@link #written}), so a
 * pending or target file that an earlier version's crash left cut short is never promoted or read.
 */
final class AtomicParquetFiles {

    private final FileSystem fs;
    private final Configuration hadoop;
    private final AtomicReplace atomic;

    AtomicParquetFiles(FileSystem fs, Configuration hadoop) {
        this.fs = fs;
        this.hadoop = hadoop;
        this.atomic = new AtomicReplace(fs, this::written);
    }

    /** Publishes {@code rows} as {@code target}, which must not exist yet. */
    void create(StructType schema, List<Row> rows, Path target) {
        try {
            if (fs.exists(target)) {
                throw new IllegalStateException("refusing to overwrite " + target + ": a generation is written once");
            }
            atomic.publishNew(target, file -> write(schema, rows, file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /** Publishes {@code rows} as {@code target}, replacing what is there. */
    void replace(StructType schema, List<Row> rows, Path target) {
        try {
            atomic.replace(target, file -> write(schema, rows, file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /** See {@link AtomicReplace#recover}: a target that is not a complete Parquet file is moved aside. */
    void recover(Path target) {
        atomic.recover(target);
    }

    /** Moves {@code target} to a hidden name beside it (ignored by readers, kept) and returns that name. */
    Path setAside(Path target, String why) {
        return atomic.setAside(target, why);
    }

    /**
     * Whether {@code file} was written to its end: a Parquet writer writes sequentially and puts the
     * footer's length and the magic bytes {@code PAR1} last, on close, so a file cut at any byte lacks
     * them. An I/O error (not a short file) is thrown, never taken for an incomplete file.
     */
    Written written(Path file) throws IOException {
        // Read past a local checksum file: a kill leaves it out of step with its file, and the bytes read here decide.
        FileSystem raw = fs instanceof ChecksumFileSystem local ? local.getRawFileSystem() : fs;
        try (FSDataInputStream in = raw.open(file)) {
            long length = raw.getFileStatus(file).getLen();
            if (length < 12) {
                return Written.INCOMPLETE;
            }
            byte[] head = new byte[4];
            byte[] tail = new byte[8];
            in.readFully(0, head);
            in.readFully(length - 8, tail);
            long footer = (tail[0] & 0xffL) | (tail[1] & 0xffL) << 8 | (tail[2] & 0xffL) << 16 | (tail[3] & 0xffL) << 24;
            boolean whole = Arrays.equals(head, MAGIC) && Arrays.equals(Arrays.copyOfRange(tail, 4, 8), MAGIC)
                    && footer > 0 && footer <= length - 12;
            return whole ? Written.COMPLETE : Written.INCOMPLETE;
        } catch (FileNotFoundException e) {
            return Written.MISSING;
        }
    }

    private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);

    boolean exists(Path path) {
        try {
            return fs.exists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /** Writes {@code rows} as one whole Parquet file at {@code file}. */
    private void write(StructType schema, List<Row> rows, Path file) throws IOException {
        try (ParquetWriter<Row> writer = new Builder(HadoopOutputFile.fromPath(file, hadoop), schema)
                .withConf(hadoop)
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                // each page carries a CRC that every read verifies (ParquetRowReader): a changed byte is noticed
                .withPageWriteChecksumEnabled(true)
                .withWriteMode(ParquetFileWriter.Mode.CREATE)
                .build()) {
            for (Row row : rows) {
                writer.write(row);
            }
        }
    }

    private static final class Builder extends ParquetWriter.Builder<Row, Builder> {
        private final StructType schema;

        Builder(OutputFile file, StructType schema) {
            super(file);
            this.schema = schema;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<Row> getWriteSupport(Configuration conf) {
            return new RowWriteSupport(schema);
        }
    }
}
