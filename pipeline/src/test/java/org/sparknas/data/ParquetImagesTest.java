package org.sparknas.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparknas.config.ConfigException;

/** Tables written with parquet-hadoop's example Group writer, as a user's Spark job would write them. */
class ParquetImagesTest {

    @TempDir
    Path dir;

    private static final MessageType STRING_LABELS = MessageTypeParser.parseMessageType(
            "message images { required binary image; required binary label (STRING); }");
    private static final MessageType INT_LABELS = MessageTypeParser.parseMessageType(
            "message images { required int32 id; required binary photo; optional int64 cls; }");

    /** Grey level {@code 10 * row} per row, so a decoded pixel says which row it came from. */
    private static byte[] image(int row) {
        return TestImages.png(TestImages.solid(4, 4, (10 * row) * 0x010101));
    }

    /** One row group per {@code rowsPerGroup} rows or so: a tiny row group size, checked after every row. */
    private static void write(Path file, MessageType schema, List<Object[]> rows) throws IOException {
        SimpleGroupFactory groups = new SimpleGroupFactory(schema);
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new org.apache.hadoop.fs.Path(file.toUri()))
                .withType(schema).withRowGroupSize(64L).withMinRowCountForPageSizeCheck(1)
                .withMaxRowCountForPageSizeCheck(1).build()) {
            for (Object[] row : rows) {
                Group g = groups.newGroup();
                for (int i = 0; i < row.length; i++) {
                    String field = schema.getFieldName(i);
                    Object v = row[i];
                    if (v instanceof byte[] b) {
                        g.append(field, Binary.fromConstantByteArray(b));
                    } else if (v instanceof String s) {
                        g.append(field, s);
                    } else if (v instanceof Integer n) {
                        g.append(field, n);
                    } else if (v instanceof Long n) {
                        g.append(field, n);
                    }
                }
                writer.write(g);
            }
        }
    }

    /** A directory as Spark writes it: two part files, a _SUCCESS marker and checksum files. */
    private Path stringTable() throws IOException {
        Path table = dir.resolve("table");
        write(table.resolve("part-00001.parquet"), STRING_LABELS, List.of(
                new Object[] {image(3), "tulip"}, new Object[] {image(4), "daisy"}, new Object[] {image(5), "tulip"}));
        write(table.resolve("part-00000.parquet"), STRING_LABELS, List.of(
                new Object[] {image(0), "rose"}, new Object[] {image(1), "daisy"}, new Object[] {image(2), "rose"}));
        TestImages.write(table.resolve("_SUCCESS"), new byte[0]);
        return table;
    }

    private static int grey(ImageSet set, int image) {
        return Byte.toUnsignedInt(set.pixels()[image * set.imageSize()]);
    }

    @Test
    void stringLabelsAreClassNamesInSortedOrderAndRowsComeFileAfterFile() throws Exception {
        Path table = stringTable();
        assertTrue(rowGroups(table.resolve("part-00000.parquet")) > 1, "the test needs several row groups per file");
        ParquetImages images = ParquetImages.open(table.toString(), new ImageDecoder(1, 4), "image", "label", "data.path");
        assertEquals(List.of("daisy", "rose", "tulip"), images.classes());
        assertEquals(6, images.count());
        int[] labels = new int[6];
        for (int i = 0; i < 6; i++) {
            labels[i] = images.label(i);
        }
        assertArrayEquals(new int[] {1, 0, 1, 2, 0, 2}, labels);
        ImageSet read = images.read(new int[] {5, 0, 3, 2, 2});
        int[] greys = new int[5];
        for (int i = 0; i < 5; i++) {
            greys[i] = grey(read, i);
        }
        assertArrayEquals(new int[] {50, 0, 30, 20, 20}, greys);
        assertArrayEquals(new byte[] {2, 1, 2, 1, 1}, read.labels());
        ImageCollection selection = images.select(new int[] {4, 1});
        assertEquals("2 of " + images.describe(), selection.describe());
        assertEquals(40, grey(selection.readAll(), 0));
        assertTrue(images.describe().startsWith("parquet file:/"), images.describe());
    }

    /** One row group of many small pages: a wanted row costs its page, not the row group. */
    @Test
    void aRowIsReadWithItsPageOnly() throws Exception {
        Path file = dir.resolve("pages.parquet");
        SimpleGroupFactory groups = new SimpleGroupFactory(STRING_LABELS);
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new org.apache.hadoop.fs.Path(file.toUri()))
                .withType(STRING_LABELS).withPageRowCountLimit(2).withMinRowCountForPageSizeCheck(1)
                .withDictionaryEncoding(false).build()) {
            for (int row = 0; row < 200; row++) {
                BufferedImage image = ImageDecoderTest.noise(16, 16);
                image.setRGB(0, 0, (row % 26) * 0x0a0a0a);
                writer.write(groups.newGroup().append("image", Binary.fromConstantByteArray(TestImages.png(image)))
                        .append("label", row % 2 == 0 ? "even" : "odd"));
            }
        }
        assertEquals(1, rowGroups(file));
        ParquetImages images = ParquetImages.open(file.toString(), new ImageDecoder(1, 16), "image", "label", "data.path");
        long before = bytesRead();
        ImageSet read = images.read(new int[] {171, 3, 3, 60});
        long bytes = bytesRead() - before;
        int[] greys = new int[4];
        for (int i = 0; i < 4; i++) {
            greys[i] = grey(read, i);
        }
        assertArrayEquals(new int[] {(171 % 26) * 10, 30, 30, (60 % 26) * 10}, greys);
        assertArrayEquals(new byte[] {1, 1, 1, 0}, read.labels());
        long size = java.nio.file.Files.size(file);
        assertTrue(bytes < size / 4, "read " + bytes + " bytes of a " + size + "-byte file for 3 rows");
    }

    private static long bytesRead() {
        return org.apache.hadoop.fs.FileSystem.getAllStatistics().stream().filter(s -> s.getScheme().equals("file"))
                .mapToLong(org.apache.hadoop.fs.FileSystem.Statistics::getBytesRead).sum();
    }

    @Test
    void integerLabelsAreClassIndicesAndColumnsAreConfigurable() throws Exception {
        Path file = dir.resolve("ints.parquet");
        write(file, INT_LABELS, List.of(new Object[] {7, image(0), 2L}, new Object[] {8, image(1), 0L},
                new Object[] {9, image(2), 1L}, new Object[] {10, image(3), 2L}));
        ParquetImages images = ParquetImages.open("file://" + file.toAbsolutePath(), new ImageDecoder(3, 2), "photo", "cls",
                "data.path");
        assertEquals(List.of("0", "1", "2"), images.classes());
        assertArrayEquals(new byte[] {2, 0, 1, 2}, images.readAll().labels());
        ImageSet last = images.read(new int[] {3});
        assertEquals(3 * 4, last.pixels().length);
        assertEquals(30, grey(last, 0));
    }

    @Test
    void badTablesAreConfigErrorsNamingColumnsAndFiles() throws Exception {
        Path table = stringTable();
        ConfigException columns = assertThrows(ConfigException.class,
                () -> ParquetImages.open(table.toString(), new ImageDecoder(1, 4), "jpeg", "class", "data.path"));
        assertTrue(columns.getMessage().matches("'data.path': file:.*/table/part-00000.parquet has no columns 'jpeg', 'class';"
                + " its columns are image, label\\. Name the image and label columns with data.image-column and"
                + " data.label-column"), columns.getMessage());

        Path gaps = dir.resolve("gaps.parquet");
        write(gaps, INT_LABELS, List.of(new Object[] {1, image(0), 0L}, new Object[] {2, image(1), 3L}));
        ConfigException missing = assertThrows(ConfigException.class,
                () -> ParquetImages.open(gaps.toString(), new ImageDecoder(1, 4), "photo", "cls", "data.path"));
        assertTrue(missing.getMessage().contains("holds class indices up to 3 but none of 1, 2"), missing.getMessage());

        Path nulls = dir.resolve("nulls.parquet");
        write(nulls, INT_LABELS, List.of(new Object[] {1, image(0), 0L}, new Object[] {2, image(1)}));
        ConfigException noLabel = assertThrows(ConfigException.class,
                () -> ParquetImages.open(nulls.toString(), new ImageDecoder(1, 4), "photo", "cls", "data.path"));
        assertTrue(noLabel.getMessage().matches("'data.path': row 1 of file:.*/nulls.parquet has no label.*"),
                noLabel.getMessage());

        ConfigException absent = assertThrows(ConfigException.class,
                () -> ParquetImages.open(dir.resolve("none").toString(), new ImageDecoder(1, 4), "image", "label", "data.path"));
        assertTrue(absent.getMessage().startsWith("'data.path': " + dir.resolve("none") + " does not exist"),
                absent.getMessage());

        Path test = dir.resolve("test.parquet");
        write(test, STRING_LABELS, List.of(new Object[] {image(0), "rose"}, new Object[] {image(1), "lily"}));
        ConfigException differ = assertThrows(ConfigException.class, () -> StoredImageSource.parquet(
                new StoredData(table.toString(), test.toString(), 4, 1, "image", "label")));
        assertTrue(differ.getMessage().contains("only in the test data: lily; only in the training data: daisy, tulip;"),
                differ.getMessage());
    }

    @Test
    void aDamagedImageIsNamedByRowAndFile() throws Exception {
        Path file = dir.resolve("bad.parquet");
        byte[] good = image(1);
        write(file, STRING_LABELS, List.of(new Object[] {image(0), "a"}, new Object[] {java.util.Arrays.copyOf(good, 20), "b"}));
        ParquetImages images = ParquetImages.open(file.toString(), new ImageDecoder(1, 4), "image", "label", "data.path");
        assertEquals(0, grey(images.read(new int[] {0}), 0));
        ImageReadException e = assertThrows(ImageReadException.class, images::readAll);
        assertTrue(e.getMessage().matches("row 1 of file:.*/bad.parquet cannot be decoded.*"), e.getMessage());
    }

    @Test
    void theSourceRecordsTheTablesIdentity() throws Exception {
        Path table = stringTable();
        StoredImageSource source = StoredImageSource.parquet(new StoredData(table.toString(), table.toString(), 4, 1,
                "image", "label"));
        assertEquals("parquet", source.name());
        assertEquals(6, source.test().count());
        assertEquals(6, source.identity().images());
        assertEquals("file:" + table.toAbsolutePath(), source.identity().path());
        assertEquals(16, source.identity().hash().length());
    }

    private static int rowGroups(Path file) throws IOException {
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(
                new org.apache.hadoop.fs.Path(file.toUri()), new Configuration()))) {
            return reader.getRowGroups().size();
        }
    }
}
