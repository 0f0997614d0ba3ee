package org.sparknas.data;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PrimitiveIterator;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ColumnPath;
import org.apache.parquet.internal.column.columnindex.OffsetIndex;
import org.apache.parquet.internal.filter2.columnindex.RowRanges;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.sparknas.config.ConfigException;
import org.sparknas.files.StorageHadoop;

/**
 * Images in a Parquet table at a local path or Hadoop FileSystem URI: one file, or a directory of
 * part files as Spark writes them (its visible {@code *.parquet} files, by name), with an image
 * column (binary: the encoded JPEG or PNG file) and a label column (strings: class names, indexed
 * in sorted order; or whole numbers: class indices 0 to n-1, each present). Image {@code i} is
 * row {@code i} of the table read file after file.
 *
 * <p>Listing reads the label column only; {@link #read} opens only the files that hold the wanted
 * rows, reads the image column only, skips row groups without a wanted row and, where the file has
 * an offset index (parquet-mr and Spark write one), reads only the pages that hold a wanted row;
 * a file without one costs its whole row group per row group touched. Images are decoded by
 * {@link ImageDecoder}.
 */
public final class ParquetImages extends StoredImages {

    private static final long serialVersionUID = 1L;

    private final String table;
    private final String[] files;
    private final int[] fileOf;
    private final long[] rowOf;
    private final String imageColumn;
    private final int listed;
    private final String hash;

    private ParquetImages(String table, String[] files, int[] fileOf, long[] rowOf, byte[] labels, String[] classes,
                          String imageColumn, ImageDecoder decoder, int listed, String hash) {
        super(labels, classes, decoder);
        this.table = table;
        this.files = files;
        this.fileOf = fileOf;
        this.rowOf = rowOf;
        this.imageColumn = imageColumn;
        this.listed = listed;
        this.hash = hash;
    }

    /**
     * Reads the labels of the table at {@code location}; its classes are those the labels name.
     *
     * @param key the configuration key that names the location, for errors
     * @throws ConfigException when the table is missing, lacks a column, or its labels are not usable
     */
    public static ParquetImages open(String location, ImageDecoder decoder, String imageColumn, String labelColumn,
                                     String key) {
        return open(location, decoder, imageColumn, labelColumn, key, null);
    }

    /** As {@link #open(String, ImageDecoder, String, String, String)}, with the training set's classes, which the labels must be. */
    public static ParquetImages open(String location, ImageDecoder decoder, String imageColumn, String labelColumn,
                                     String key, List<String> trainingClasses) {
        Path root = StoredFiles.path(location);
        FileSystem fs = StoredFiles.fileSystem(root, key);
        List<Path> parts = partFiles(fs, root, key, location);
        Configuration conf = StorageHadoop.configuration();
        List<Object> values = new ArrayList<>();
        List<Integer> fileIndex = new ArrayList<>();
        List<Long> rowIndex = new ArrayList<>();
        Boolean strings = null;
        StoredFiles.Digest digest = new StoredFiles.Digest();
        for (int f = 0; f < parts.size(); f++) {
            Path part = parts.get(f);
            try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(part, conf))) {
                MessageType schema = reader.getFooter().getFileMetaData().getSchema();
                requireColumns(schema, part, imageColumn, labelColumn, key);
                Type labelType = schema.getType(labelColumn);
                boolean isString = labelKind(labelType, part, labelColumn, key);
                if (strings != null && strings != isString) {
                    throw new ConfigException("'" + key + "': label column '" + labelColumn + "' holds " + (isString
                            ? "strings" : "numbers") + " in " + part + " but " + (strings ? "strings" : "numbers")
                            + " in an earlier file of " + location + "; the files of one table must agree");
                }
                strings = isString;
                MessageType projection = new MessageType(schema.getName(), labelType);
                reader.setRequestedSchema(projection);
                var io = new ColumnIOFactory().getColumnIO(projection, schema);
                long row = 0;
                digest.add(part.getName() + "\n");
                PageReadStore rowGroup;
                while ((rowGroup = reader.readNextRowGroup()) != null) {
                    RecordReader<Group> records = io.getRecordReader(rowGroup, new GroupRecordConverter(projection));
                    for (long i = 0; i < rowGroup.getRowCount(); i++, row++) {
                        Group g = records.read();
                        if (g == null || g.getFieldRepetitionCount(0) == 0) {
                            throw new ConfigException("'" + key + "': row " + row + " of " + part + " has no label (null in"
                                    + " column '" + labelColumn + "'); give every image a label or remove the row");
                        }
                        Object value = isString ? g.getString(0, 0) : labelType.asPrimitiveType().getPrimitiveTypeName()
                                == PrimitiveTypeName.INT32 ? (Object) (long) g.getInteger(0, 0) : (Object) g.getLong(0, 0);
                        values.add(value);
                        fileIndex.add(f);
                        rowIndex.add(row);
                        digest.add(value + "\n");
                    }
                }
            } catch (FileNotFoundException e) {
                throw new ConfigException("'" + key + "': " + part + " does not exist", e);
            } catch (IOException | RuntimeException e) {
                if (e instanceof ConfigException c) {
                    throw c;
                }
                throw new ConfigException("'" + key + "': cannot read Parquet file " + part + ": " + e.getMessage(), e);
            }
        }
        if (values.isEmpty()) {
            throw new ConfigException("'" + key + "': the Parquet table " + location + " has no rows");
        }
        List<String> classes = classes(values, strings, key, location, labelColumn);
        if (trainingClasses != null && !classes.equals(trainingClasses)) {
            throw new ConfigException(LabelSets.differ(key, location, classes, trainingClasses));
        }
        if (classes.size() < 2 || classes.size() > 256) {
            throw new ConfigException("'" + key + "': the labels of " + location + " name " + classes.size() + " class"
                    + (classes.size() == 1 ? "" : "es") + "; a classifier needs 2 to 256 classes (labels are one byte)");
        }
        byte[] labels = new byte[values.size()];
        java.util.Map<String, Integer> index = new java.util.HashMap<>();
        for (int c = 0; c < classes.size(); c++) {
            index.put(classes.get(c), c);
        }
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (byte) (int) index.get(values.get(i).toString());
        }
        return new ParquetImages(fs.makeQualified(root).toString(), parts.stream().map(Path::toString).toArray(String[]::new),
                fileIndex.stream().mapToInt(Integer::intValue).toArray(), rowIndex.stream().mapToLong(Long::longValue).toArray(),
                labels, classes.toArray(String[]::new), imageColumn, decoder, labels.length, digest.shortHex());
    }

    /** The class names: the sorted distinct strings, or "0" .. "n-1" for class indices (every one present). */
    private static List<String> classes(List<Object> values, boolean strings, String key, String location, String column) {
        if (strings) {
            return List.copyOf(values.stream().map(Object::toString).collect(Collectors.toCollection(TreeSet::new)));
        }
        TreeSet<Long> present = values.stream().map(v -> (Long) v).collect(Collectors.toCollection(TreeSet::new));
        if (present.first() < 0 || present.last() > 255) {
            throw new ConfigException("'" + key + "': label column '" + column + "' of " + location + " holds class index "
                    + (present.first() < 0 ? present.first() : present.last()) + "; class indices must be 0 to 255");
        }
        int n = (int) (long) present.last() + 1;
        if (present.size() != n) {
            List<String> absent = new ArrayList<>();
            for (long c = 0; c < n; c++) {
                if (!present.contains(c)) {
                    absent.add(Long.toString(c));
                }
            }
            throw new ConfigException("'" + key + "': label column '" + column + "' of " + location + " holds class indices"
                    + " up to " + (n - 1) + " but none of " + String.join(", ", absent) + "; class indices must be 0 to n-1,"
                    + " each with images");
        }
        List<String> names = new ArrayList<>();
        for (int c = 0; c < n; c++) {
            names.add(Integer.toString(c));
        }
        return names;
    }

    private static List<Path> partFiles(FileSystem fs, Path root, String key, String location) {
        try {
            FileStatus status = fs.getFileStatus(root);
            if (status.isFile()) {
                return List.of(status.getPath());
            }
            List<Path> parts = new ArrayList<>();
            for (FileStatus s : fs.listStatus(root)) {
                String name = s.getPath().getName();
                if (s.isFile() && name.endsWith(".parquet") && !StoredFiles.hidden(name)) {
                    parts.add(s.getPath());
                }
            }
            if (parts.isEmpty()) {
                throw new ConfigException("'" + key + "': " + location + " holds no Parquet files (*.parquet); point it to a"
                        + " Parquet file or to the directory Spark wrote a table into");
            }
            parts.sort(Comparator.comparing(Path::getName));
            return parts;
        } catch (FileNotFoundException e) {
            throw new ConfigException("'" + key + "': " + location + " does not exist", e);
        } catch (IOException e) {
            throw new ConfigException("'" + key + "': cannot list " + location + ": " + e.getMessage(), e);
        }
    }

    private static void requireColumns(MessageType schema, Path part, String imageColumn, String labelColumn, String key) {
        List<String> missing = new ArrayList<>();
        for (String column : List.of(imageColumn, labelColumn)) {
            if (!schema.containsField(column)) {
                missing.add(column);
            }
        }
        if (!missing.isEmpty()) {
            String has = schema.getFields().stream().map(Type::getName).collect(Collectors.joining(", "));
            throw new ConfigException("'" + key + "': " + part + " has no column" + (missing.size() == 1 ? " " : "s ")
                    + String.join(", ", missing.stream().map(c -> "'" + c + "'").toList()) + "; its columns are " + has
                    + ". Name the image and label columns with data.image-column and data.label-column");
        }
        Type image = schema.getType(imageColumn);
        if (!image.isPrimitive() || image.isRepetition(Type.Repetition.REPEATED)
                || image.asPrimitiveType().getPrimitiveTypeName() != PrimitiveTypeName.BINARY) {
            throw new ConfigException("'" + key + "': image column '" + imageColumn + "' of " + part + " is " + image
                    + "; it must be binary, each value the bytes of one JPEG or PNG file");
        }
    }

    /** Whether the label column holds strings (else whole numbers). */
    private static boolean labelKind(Type type, Path part, String column, String key) {
        if (type.isPrimitive() && !type.isRepetition(Type.Repetition.REPEATED)) {
            PrimitiveTypeName t = type.asPrimitiveType().getPrimitiveTypeName();
            if (t == PrimitiveTypeName.BINARY) {
                return true;
            }
            if (t == PrimitiveTypeName.INT32 || t == PrimitiveTypeName.INT64) {
                return false;
            }
        }
        throw new ConfigException("'" + key + "': label column '" + column + "' of " + part + " is " + type
                + "; it must hold strings (class names) or whole numbers (class indices 0 to n-1)");
    }

    /** The table's fully qualified URI, e.g. {@code file:/data/table} for the plain path {@code /data/table}. */
    public String location() {
        return table;
    }

    /** The class names, in class-index order. */
    public List<String> classes() {
        return List.of(classes);
    }

    /** A short hash of the table's (file name, labels in row order) listing, for {@link DataIdentity}. */
    public String listingHash() {
        return hash;
    }

    @Override
    public String describe() {
        String whole = "parquet " + table + " (" + listed + " images, " + classes.length + " classes)";
        return fileOf.length == listed ? whole : fileOf.length + " of " + whole;
    }

    @Override
    public ImageSet read(int[] indices) {
        requireIndices(indices);
        // positions in file, then row order, so each file is opened once and read front to back
        Integer[] order = new Integer[indices.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.<Integer>comparingInt(p -> fileOf[indices[p]]).thenComparingLong(p -> rowOf[indices[p]]));
        byte[][] encoded = new byte[indices.length][];
        int at = 0;
        while (at < order.length) {
            int file = fileOf[indices[order[at]]];
            int end = at;
            while (end < order.length && fileOf[indices[order[end]]] == file) {
                end++;
            }
            readRows(file, Arrays.copyOfRange(order, at, end), indices, encoded);
            at = end;
        }
        byte[][] decoded = DecodePool.map(indices.length, i -> decoder.decode(encoded[i], where(indices[i])));
        return decoded(decoded, indices);
    }

    private String where(int index) {
        return "row " + rowOf[index] + " of " + files[fileOf[index]];
    }

    /** Reads the image bytes of {@code positions} (sorted by row, all in one file) into {@code encoded}. */
    private void readRows(int file, Integer[] positions, int[] indices, byte[][] encoded) {
        Path part = new Path(files[file]);
        Configuration conf = StorageHadoop.configuration();
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(part, conf))) {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            if (!schema.containsField(imageColumn)) {
                throw new ImageReadException(part + " no longer has column '" + imageColumn + "'; the table changed after"
                        + " it was listed; start the run again");
            }
            MessageType projection = new MessageType(schema.getName(), schema.getType(imageColumn));
            reader.setRequestedSchema(projection);
            var io = new ColumnIOFactory().getColumnIO(projection, schema);
            ColumnPath column = ColumnPath.get(imageColumn);
            List<BlockMetaData> blocks = reader.getRowGroups();
            int next = 0;
            long groupStart = 0;
            for (int b = 0; b < blocks.size() && next < positions.length; b++) {
                long groupEnd = groupStart + blocks.get(b).getRowCount();
                int last = next;
                while (last < positions.length && rowOf[indices[positions[last]]] < groupEnd) {
                    last++;
                }
                if (last > next) {
                    readGroup(reader, b, blocks.get(b), column, groupStart, Arrays.copyOfRange(positions, next, last), indices,
                            encoded, io, projection);
                    next = last;
                }
                groupStart = groupEnd;
            }
            if (next < positions.length) {
                throw new ImageReadException(where(indices[positions[next]]) + " does not exist: the file has fewer rows than"
                        + " when the table was listed; start the run again");
            }
        } catch (FileNotFoundException e) {
            throw new ImageReadException(part + " no longer exists (it was listed when the data was split); restore it, or"
                    + " start the run again", e);
        } catch (IOException e) {
            throw new ImageReadException("cannot read " + part + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads the images of {@code positions} (sorted by row, all in row group {@code b}). With the
     * file's offset index (Spark and parquet-mr write one), only the pages that hold a wanted row are
     * read, so a random batch costs about a page per image, not a row group per image.
     */
    private void readGroup(ParquetFileReader reader, int b, BlockMetaData block, ColumnPath column, long groupStart,
                           Integer[] positions, int[] indices, byte[][] encoded, MessageColumnIO io, MessageType projection)
            throws IOException {
        ColumnChunkMetaData chunk = block.getColumns().stream().filter(c -> c.getPath().equals(column)).findFirst()
                .orElseThrow(() -> new ImageReadException(files[fileOf[indices[positions[0]]]] + " has no column chunk '"
                        + imageColumn + "' in row group " + b));
        OffsetIndex pages = reader.readOffsetIndex(chunk);
        PageReadStore store;
        PrimitiveIterator.OfLong rows;
        if (pages == null) {
            store = reader.readRowGroup(b);
            rows = LongStream.range(0, block.getRowCount()).iterator();
        } else {
            TreeSet<Integer> wantedPages = new TreeSet<>();
            int page = 0;
            for (Integer p : positions) {
                long row = rowOf[indices[p]] - groupStart;
                while (pages.getLastRowIndex(page, block.getRowCount()) < row) {
                    page++;
                }
                wantedPages.add(page);
            }
            RowRanges ranges = RowRanges.create(block.getRowCount(),
                    wantedPages.stream().mapToInt(Integer::intValue).iterator(), pages);
            store = reader.readFilteredRowGroup(b, ranges);
            rows = store.getRowIndexes().orElseGet(() -> LongStream.range(0, block.getRowCount()).iterator());
        }
        RecordReader<Group> records = io.getRecordReader(store, new GroupRecordConverter(projection));
        long row = -1;
        Group current = null;
        for (Integer p : positions) {
            long wanted = rowOf[indices[p]] - groupStart;
            while (row < wanted) {
                if (!rows.hasNext()) {
                    throw new ImageReadException(where(indices[p]) + " does not exist: the file has fewer rows than when the"
                            + " table was listed; start the run again");
                }
                row = rows.nextLong();
                current = records.read();
            }
            if (current == null || current.getFieldRepetitionCount(0) == 0) {
                throw new ImageReadException(where(indices[p]) + " has no image (null in column '" + imageColumn
                        + "'); remove the row or give it the image's bytes");
            }
            encoded[p] = current.getBinary(0, 0).getBytes();
        }
    }

    /** The selected rows as a collection of their own: what a selection sends to an executor. */
    @Override
    public ImageCollection select(int[] indices) {
        int[] f = new int[indices.length];
        long[] r = new long[indices.length];
        byte[] l = new byte[indices.length];
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] < 0 || indices[i] >= fileOf.length) {
                throw new IndexOutOfBoundsException("image " + indices[i] + " of " + describe());
            }
            f[i] = fileOf[indices[i]];
            r[i] = rowOf[indices[i]];
            l[i] = labels[indices[i]];
        }
        return new ParquetImages(table, files, f, r, l, classes, imageColumn, decoder, listed, hash);
    }

    @Override
    public String toString() {
        return "ParquetImages[" + describe() + "]";
    }
}
