package org.sparknas.store.parquet;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.security.AccessControlException;
import org.apache.parquet.HadoopReadOptions;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.sparknas.store.DamagedFileException;

/**
 * Reads the tables' small files on the driver with parquet-hadoop, without a Spark job: as the
 * files are written ({@link AtomicParquetFiles}), they are read. A directory reads as Spark reads
 * it with {@code mergeSchema}: every visible {@code *.parquet} file, their columns united, a column
 * a file lacks read as null.
 */
final class ParquetRowReader {

    private final FileSystem fs;
    private final Configuration hadoop;

    ParquetRowReader(FileSystem fs, Configuration hadoop) {
        this.fs = fs;
        this.hadoop = hadoop;
    }

    /** The rows of one file, in the file's schema. */
    List<Row> file(Path file) {
        return read(file).rows();
    }

    /** A file's schema and rows. */
    private record Part(Path file, StructType schema, List<Row> rows) {
    }

    private Part read(Path file) {
        // Every page's CRC is checked: a changed byte in a file without a checksum side file (object
        // stores have none) would otherwise read back as another value.
        ParquetReadOptions options = HadoopReadOptions.builder(hadoop).usePageChecksumVerification(true).build();
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(file, hadoop), options)) {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            MessageColumnIO io = new ColumnIOFactory().getColumnIO(schema);
            List<Row> rows = new ArrayList<>();
            PageReadStore rowGroup;
            while ((rowGroup = reader.readNextRowGroup()) != null) {
                RecordReader<Row> records = io.getRecordReader(rowGroup, new RowMaterializer(schema));
                for (long i = 0; i < rowGroup.getRowCount(); i++) {
                    rows.add(records.read());
                }
            }
            return new Part(file, RowMaterializer.sparkSchema(schema), rows);
        } catch (FileNotFoundException | AccessDeniedException | AccessControlException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(file + ": " + e.getMessage(), e); // a column type the tables never write
        } catch (IOException | RuntimeException e) {
            // A complete file (the writer publishes nothing else) that does not decode: a checksum
            // mismatch (the page's CRC, or a local checksum file), a footer or page that does not parse.
            throw new DamagedFileException(file.toString(), OptionalInt.empty(), e);
        }
    }

    /**
     * The rows of every visible file of a directory, in one schema: the columns of the first file
     * (by name), then those the others add, nullable where some file lacks them. Empty when the
     * directory does not exist.
     */
    List<Row> directory(Path dir) {
        List<Part> parts = visibleFiles(dir).stream().map(this::read).toList();
        Map<String, StructField> columns = new LinkedHashMap<>();
        Map<String, Path> firstSeenIn = new LinkedHashMap<>();
        for (Part part : parts) {
            for (StructField f : part.schema().fields()) {
                StructField seen = columns.putIfAbsent(f.name(), f);
                if (seen == null) {
                    firstSeenIn.put(f.name(), part.file());
                } else if (!seen.dataType().equals(f.dataType())) {
                    throw new IllegalStateException("column '" + f.name() + "' is " + f.dataType().simpleString() + " in "
                            + part.file() + " but " + seen.dataType().simpleString() + " in " + firstSeenIn.get(f.name())
                            + "; the files of one table directory must agree on a column's type");
                }
            }
        }
        StructType merged = DataTypes.createStructType(columns.values().stream()
                .map(f -> DataTypes.createStructField(f.name(), f.dataType(), nullableSomewhere(parts, f.name()))).toList());
        List<Row> out = new ArrayList<>();
        for (Part part : parts) {
            for (Row row : part.rows()) {
                out.add(project(row, merged));
            }
        }
        return out;
    }

    /** Whether a column may be null somewhere: a file lacks it, or declares it optional. */
    private static boolean nullableSomewhere(List<Part> parts, String column) {
        return parts.stream().anyMatch(p -> {
            scala.Option<Object> i = p.schema().getFieldIndex(column);
            return i.isEmpty() || p.schema().fields()[(Integer) i.get()].nullable();
        });
    }

    private static Row project(Row row, StructType merged) {
        Object[] values = new Object[merged.size()];
        StructType own = row.schema();
        for (int i = 0; i < values.length; i++) {
            scala.Option<Object> index = own.getFieldIndex(merged.fields()[i].name());
            values[i] = index.isDefined() ? row.get((Integer) index.get()) : null;
        }
        return new GenericRowWithSchema(values, merged);
    }

    /**
     * The table files of a directory, by name: {@code *.parquet}, not hidden. Hidden are the names
     * Spark and Hadoop hide ({@code .} or {@code _} first), which covers the staging files of
     * {@link AtomicParquetFiles} ({@code .tmp}, {@code .pending}) and checksums ({@code .crc}).
     */
    List<Path> visibleFiles(Path dir) {
        List<Path> files = new ArrayList<>();
        for (FileStatus s : list(dir)) {
            String name = s.getPath().getName();
            if (s.isFile() && name.endsWith(".parquet") && !hidden(name)) {
                files.add(s.getPath());
            }
        }
        files.sort(Comparator.comparing(Path::getName));
        return files;
    }

    /** The {@code run_id=...} directories of a table, by name. */
    List<Path> runDirectories(Path table) {
        List<Path> dirs = new ArrayList<>();
        for (FileStatus s : list(table)) {
            if (s.isDirectory() && s.getPath().getName().startsWith(RUN_PREFIX)) {
                dirs.add(s.getPath());
            }
        }
        dirs.sort(Comparator.comparing(Path::getName));
        return dirs;
    }

    static final String RUN_PREFIX = "run_id=";

    /**
     * The run id a {@code run_id=...} directory holds, exactly as written: run ids are
     * {@code [A-Za-z0-9._-]} (RunIds), so there is nothing to unescape, and it stays a string ("007").
     */
    static String runId(Path runDirectory) {
        return runDirectory.getName().substring(RUN_PREFIX.length());
    }

    private static boolean hidden(String name) {
        return name.startsWith(".") || name.startsWith("_");
    }

    private FileStatus[] list(Path dir) {
        try {
            return fs.listStatus(dir);
        } catch (FileNotFoundException e) {
            return new FileStatus[0];
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }
}
