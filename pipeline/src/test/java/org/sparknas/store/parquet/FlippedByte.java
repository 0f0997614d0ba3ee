package org.sparknas.store.parquet;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/** Silent corruption for tests: one byte changed inside a column's values, the local checksum file gone. */
public final class FlippedByte {

    private FlippedByte() {
    }

    /** Flips the last byte of {@code column}'s data in the first row group of a Parquet file, and deletes its .crc. */
    public static void inColumn(Path file, String column) throws IOException {
        long offset;
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(
                new org.apache.hadoop.fs.Path(file.toUri()), new Configuration()))) {
            ColumnChunkMetaData chunk = reader.getFooter().getBlocks().get(0).getColumns().stream()
                    .filter(c -> c.getPath().toDotString().equals(column)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(file + " has no column " + column));
            offset = chunk.getStartingPos() + chunk.getTotalSize() - 1;
        }
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(offset);
            int b = f.read();
            f.seek(offset);
            f.write(b ^ 0x10);
        }
        // as on an object store, which keeps no checksum files beside the data
        Files.deleteIfExists(file.resolveSibling("." + file.getFileName() + ".crc"));
    }
}
