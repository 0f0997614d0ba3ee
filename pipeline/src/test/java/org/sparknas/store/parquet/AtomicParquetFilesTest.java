package org.sparknas.store.parquet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparknas.spark.SparkTestSession;

/**
 * A write cut at any byte is never published: the files a kill can leave (an unfinished temporary
 * file, and the 0-byte or truncated pending files an earlier version left) are never promoted.
 */
class AtomicParquetFilesTest {

    private static final StructType SCHEMA = DataTypes.createStructType(List.of(
            DataTypes.createStructField("n", DataTypes.IntegerType, false),
            DataTypes.createStructField("text", DataTypes.StringType, false)));

    @TempDir
    Path dir;

    @TempDir
    Path scratch;

    private final Configuration hadoop = new Configuration();

    private AtomicParquetFiles files() throws Exception {
        return new AtomicParquetFiles(FileSystem.getLocal(hadoop), hadoop);
    }

    private static List<Row> rows(int n) {
        return IntStream.range(0, n).mapToObj(i -> RowFactory.create(i, "row " + i)).toList();
    }

    private long rowsIn(Path file) {
        return SparkTestSession.get().read().parquet(file.toString()).count();
    }

    private org.apache.hadoop.fs.Path target() {
        return new org.apache.hadoop.fs.Path(dir.resolve("run.parquet").toUri());
    }

    private Path pending() {
        return dir.resolve(".run.parquet.pending");
    }

    /** The bytes of a complete file of {@code n} rows, written through the class under test. */
    private byte[] completeFile(int n) throws Exception {
        AtomicParquetFiles files = files();
        org.apache.hadoop.fs.Path other = new org.apache.hadoop.fs.Path(scratch.resolve("f.parquet").toUri());
        files.replace(SCHEMA, rows(n), other);
        return Files.readAllBytes(Path.of(other.toUri()));
    }

    private List<String> hiddenNames() throws Exception {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".") && !n.endsWith(".crc"))
                    .sorted().toList();
        }
    }

    @Test
    void aPendingFileCutAtAnyByteIsNeverPromoted() throws Exception {
        byte[] whole = completeFile(3);
        AtomicParquetFiles files = files();
        for (int cut = 0; cut < whole.length; cut++) {
            Files.write(pending(), Arrays.copyOf(whole, cut));
            files.recover(target());
            assertFalse(Files.exists(dir.resolve("run.parquet")), "a pending file of " + cut + " bytes was promoted");
            assertFalse(Files.exists(pending()), "a pending file of " + cut + " bytes was kept");
        }
        Files.write(pending(), whole);
        files.recover(target());
        assertEquals(3, rowsIn(dir.resolve("run.parquet")), "a complete pending file is promoted");
        assertFalse(Files.exists(pending()));
    }

    @Test
    void theTargetWinsOverAPendingFileAndTheNextWriteReplacesBoth() throws Exception {
        AtomicParquetFiles files = files();
        files.replace(SCHEMA, rows(2), target());
        Files.write(pending(), completeFile(5));
        files.recover(target());
        assertEquals(2, rowsIn(dir.resolve("run.parquet")));
        files.replace(SCHEMA, rows(7), target());
        assertEquals(7, rowsIn(dir.resolve("run.parquet")));
        assertEquals(List.of(), hiddenNames());
    }

    @Test
    void anIncompleteTargetLeftByAnEarlierVersionIsMovedAsideNotReadNorLost() throws Exception {
        AtomicParquetFiles files = files();
        Files.write(dir.resolve("run.parquet"), new byte[0]);
        files.recover(target());
        assertFalse(Files.exists(dir.resolve("run.parquet")));
        List<String> hidden = hiddenNames();
        assertEquals(1, hidden.size(), hidden.toString());
        assertTrue(hidden.get(0).startsWith(".run.parquet.incomplete-"), hidden.toString());

        byte[] whole = completeFile(4);
        Files.write(dir.resolve("run.parquet"), Arrays.copyOf(whole, whole.length / 2));
        Files.write(pending(), whole);
        files.recover(target());
        assertEquals(4, rowsIn(dir.resolve("run.parquet")), "the complete pending file replaces the cut target");
    }

    @Test
    void anUnfinishedTemporaryFileIsIgnoredByReadersAndRemovedByTheNextWrite() throws Exception {
        AtomicParquetFiles files = files();
        files.replace(SCHEMA, rows(2), target());
        byte[] whole = completeFile(9);
        Files.write(dir.resolve(".run.parquet.0f0f.tmp"), Arrays.copyOf(whole, whole.length - 1));
        files.recover(target());
        assertEquals(2, rowsIn(dir), "Spark ignores the hidden unfinished file");
        files.replace(SCHEMA, rows(3), target());
        assertEquals(3, rowsIn(dir.resolve("run.parquet")));
        assertEquals(List.of(), hiddenNames());

        org.apache.hadoop.fs.Path generation = new org.apache.hadoop.fs.Path(dir.resolve("gen-00000.parquet").toUri());
        Files.write(dir.resolve(".gen-00000.parquet.0f0f.tmp"), new byte[10]);
        files.create(SCHEMA, rows(4), generation);
        assertEquals(4, rowsIn(dir.resolve("gen-00000.parquet")));
        assertEquals(List.of(), hiddenNames());
    }
}
