package org.sparknas.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparknas.config.ConfigException;

class ImageFolderImagesTest {

    @TempDir
    Path dir;

    private static final int RED = 0xff0000;
    private static final int GREEN = 0x00ff00;
    private static final int BLUE = 0x0000ff;

    /** bird (2 images, one PNG one JPEG), cat (1), dog (2), in a tree with hidden and stray files. */
    private Path tree() {
        Path root = dir.resolve("photos");
        TestImages.write(root.resolve("dog/b.PNG"), TestImages.png(TestImages.solid(6, 4, BLUE)));
        TestImages.write(root.resolve("dog/a.png"), TestImages.png(TestImages.solid(4, 4, GREEN)));
        TestImages.write(root.resolve("cat/only.jpeg"), TestImages.jpeg(TestImages.solid(8, 8, RED)));
        TestImages.write(root.resolve("bird/2.jpg"), TestImages.jpeg(TestImages.solid(8, 8, GREEN)));
        TestImages.write(root.resolve("bird/1.png"), TestImages.png(TestImages.solid(4, 8, RED)));
        TestImages.write(root.resolve("bird/.1.png"), TestImages.png(TestImages.solid(4, 4, RED)));
        TestImages.write(root.resolve("bird/notes.txt"), "not an image".getBytes());
        TestImages.write(root.resolve(".cache/x.png"), TestImages.png(TestImages.solid(4, 4, RED)));
        TestImages.write(root.resolve("LICENSE"), "text".getBytes());
        return root;
    }

    @Test
    void listsClassesInSortedOrderAndFilesByNameSkippingHiddenAndStrayFiles() {
        ImageFolderImages images = ImageFolderImages.list(tree().toString(), new ImageDecoder(3, 4), "data.path");
        assertEquals(List.of("bird", "cat", "dog"), images.classes());
        assertEquals(5, images.count());
        assertEquals(3, images.numClasses());
        int[] labels = new int[5];
        for (int i = 0; i < 5; i++) {
            labels[i] = images.label(i);
        }
        assertArrayEquals(new int[] {0, 0, 1, 2, 2}, labels);
        assertTrue(images.uri(0).endsWith("/photos/bird/1.png"), images.uri(0));
        assertTrue(images.uri(1).endsWith("/photos/bird/2.jpg"), images.uri(1));
        assertTrue(images.uri(3).endsWith("/photos/dog/a.png"), images.uri(3));
        assertTrue(images.uri(4).endsWith("/photos/dog/b.PNG"), images.uri(4));
        assertEquals(2, images.skipped(), "notes.txt and LICENSE");
        assertTrue(images.uri(0).startsWith("file:/"), "a plain path is on the local disk: " + images.uri(0));
    }

    @Test
    void readsTheImagesInTheOrderAsked() {
        ImageFolderImages images = ImageFolderImages.list(tree().toString(), new ImageDecoder(3, 4), "data.path");
        ImageSet read = images.read(new int[] {4, 0, 0});
        assertEquals(3, read.count());
        assertArrayEquals(new byte[] {2, 0, 0}, read.labels());
        // blue (dog/b.PNG, 6x4 cropped to 4x4), then red (bird/1.png, 4x8 cropped) twice
        assertEquals(0, read.pixels()[0]);
        assertEquals((byte) 255, read.pixels()[2 * 16]);
        assertEquals((byte) 255, read.pixels()[48]);
        assertEquals(0, read.pixels()[48 + 32]);
        assertArrayEquals(Arrays.copyOfRange(read.pixels(), 48, 96), Arrays.copyOfRange(read.pixels(), 96, 144));
    }

    @Test
    void aHadoopUriListsAndReadsLikeAPlainPath() {
        Path root = tree();
        // names that URIs escape: a space, a percent sign (Hadoop paths cannot hold a colon)
        TestImages.write(root.resolve("cat/a b%20c.png"), TestImages.png(TestImages.solid(4, 4, BLUE)));
        ImageFolderImages plain = ImageFolderImages.list(root.toString(), new ImageDecoder(1, 4), "data.path");
        assertEquals(6, plain.count());
        ImageFolderImages uri = ImageFolderImages.list("file://" + root.toAbsolutePath(), new ImageDecoder(1, 4), "data.path");
        assertEquals(plain.listingHash(), uri.listingHash());
        assertEquals(plain.count(), uri.count());
        assertArrayEquals(plain.readAll().pixels(), uri.readAll().pixels());
        assertTrue(uri.describe().startsWith("image-folder file:/"), uri.describe());
    }

    @Test
    void aSerialisedSelectionReadsTheSameBytes() throws Exception {
        ImageFolderImages images = ImageFolderImages.list(tree().toString(), new ImageDecoder(3, 4), "data.path");
        ImageCollection selection = images.select(new int[] {3, 1});
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(selection);
        }
        ImageCollection back;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            back = (ImageCollection) in.readObject();
        }
        assertEquals(2, back.count());
        assertEquals(3, back.numClasses());
        assertEquals("2 of " + images.describe(), back.describe());
        assertArrayEquals(selection.readAll().pixels(), back.readAll().pixels());
        assertArrayEquals(images.read(new int[] {3, 1}).pixels(), back.readAll().pixels());
        assertArrayEquals(new byte[] {2, 0}, back.readAll().labels());
    }

    @Test
    void manyImagesDecodeInParallelInOrder() {
        Path root = dir.resolve("many");
        for (int i = 0; i < 40; i++) {
            TestImages.write(root.resolve((i % 2 == 0 ? "even" : "odd") + "/" + String.format("%02d.png", i)),
                    TestImages.png(TestImages.solid(5, 5, i * 5)));
        }
        ImageFolderImages images = ImageFolderImages.list(root.toString(), new ImageDecoder(1, 5), "data.path");
        int[] all = ImageCollection.range(0, 40);
        ImageSet read = images.read(all);
        for (int i = 0; i < 40; i++) {
            // even/00, 02, ... 38 then odd/01, ... 39: blue 5 * number, luminance (114 * blue + 500) / 1000
            int number = i < 20 ? 2 * i : 2 * (i - 20) + 1;
            assertEquals((114 * 5 * number + 500) / 1000, Byte.toUnsignedInt(read.pixels()[i * 25 + 12]), "image " + i);
        }
    }

    @Test
    void badFoldersAreConfigErrorsNamingKeyAndPlace() {
        ConfigException missing = assertThrows(ConfigException.class,
                () -> ImageFolderImages.list(dir.resolve("nowhere").toString(), new ImageDecoder(3, 4), "data.path"));
        assertTrue(missing.getMessage().contains("'data.path': " + dir.resolve("nowhere") + " does not exist"),
                missing.getMessage());

        Path flat = dir.resolve("flat");
        TestImages.write(flat.resolve("a.png"), TestImages.png(TestImages.solid(4, 4, RED)));
        ConfigException noClasses = assertThrows(ConfigException.class,
                () -> ImageFolderImages.list(flat.toString(), new ImageDecoder(3, 4), "data.path"));
        assertTrue(noClasses.getMessage().contains("holds no class folders (it holds 1 images directly)"),
                noClasses.getMessage());

        Path root = tree();
        TestImages.write(root.resolve("eel/readme.txt"), "none yet".getBytes());
        ConfigException empty = assertThrows(ConfigException.class,
                () -> ImageFolderImages.list(root.toString(), new ImageDecoder(3, 4), "data.path"));
        assertTrue(empty.getMessage().matches("'data.path': class folder file:.*/photos/eel holds no JPEG or PNG images.*"),
                empty.getMessage());

        Path one = dir.resolve("one");
        TestImages.write(one.resolve("only/a.png"), TestImages.png(TestImages.solid(4, 4, RED)));
        ConfigException single = assertThrows(ConfigException.class,
                () -> ImageFolderImages.list(one.toString(), new ImageDecoder(3, 4), "data.path"));
        assertTrue(single.getMessage().contains("holds 1 class folder; a classifier needs 2 to 256 classes"),
                single.getMessage());
    }

    @Test
    void moreThan256ClassesAreRefused() throws Exception {
        Path root = dir.resolve("wide");
        byte[] png = TestImages.png(TestImages.solid(2, 2, RED));
        for (int c = 0; c < 257; c++) {
            TestImages.write(root.resolve(String.format("c%03d/a.png", c)), png);
        }
        ConfigException e = assertThrows(ConfigException.class,
                () -> ImageFolderImages.list(root.toString(), new ImageDecoder(3, 2), "data.path"));
        assertTrue(e.getMessage().contains("holds 257 class folders; a classifier needs 2 to 256 classes (labels are one"
                + " byte)"), e.getMessage());
    }

    @Test
    void anUnreadableOrTruncatedImageIsNamedWithItsFullPath() throws Exception {
        Path root = tree();
        byte[] jpeg = TestImages.jpeg(ImageDecoderTest.noise(32, 32));
        Path cut = TestImages.write(root.resolve("cat/zz-cut.jpg"), Arrays.copyOf(jpeg, jpeg.length / 2));
        ImageFolderImages images = ImageFolderImages.list(root.toString(), new ImageDecoder(3, 4), "data.path");
        ImageReadException e = assertThrows(ImageReadException.class, () -> images.readAll());
        assertTrue(e.getMessage().startsWith("file:" + cut.toAbsolutePath() + " is damaged or truncated"), e.getMessage());
        Files.delete(cut);
        ImageReadException gone = assertThrows(ImageReadException.class, () -> images.read(new int[] {3}));
        assertTrue(gone.getMessage().startsWith("file:" + cut.toAbsolutePath() + " no longer exists"), gone.getMessage());
    }

    @Test
    void aTestFolderWithOtherClassesIsRefusedNamingThem() {
        Path root = tree();
        Path test = dir.resolve("test");
        TestImages.write(test.resolve("bird/t.png"), TestImages.png(TestImages.solid(4, 4, RED)));
        TestImages.write(test.resolve("cat/t.png"), TestImages.png(TestImages.solid(4, 4, RED)));
        TestImages.write(test.resolve("cow/t.png"), TestImages.png(TestImages.solid(4, 4, RED)));
        ConfigException e = assertThrows(ConfigException.class, () -> StoredImageSource.imageFolder(
                new StoredData(root.toString(), test.toString(), 4, 3, "image", "label")));
        assertTrue(e.getMessage().startsWith("'data.test-path': the classes of " + test + " differ from the training data's"
                + " (data.path): only in the test data: cow; only in the training data: dog;"), e.getMessage());
    }

    @Test
    void theSourceSplitsWithoutDecodingAndIdentifiesItsListing() {
        Path root = tree();
        StoredImageSource source = StoredImageSource.imageFolder(new StoredData(root.toString(), null, 4, 3, "image",
                "label"));
        assertEquals("image-folder", source.name());
        assertEquals(0, source.test().count());
        assertEquals(new DataIdentity("file:" + root.toAbsolutePath(), 5, source.identity().hash()), source.identity());
        DataSplit split = DataSplit.of(source, new SplitPlan(2, 1, 3));
        assertEquals(2, split.validation().count());
        TestImages.write(root.resolve("cat/new.png"), TestImages.png(TestImages.solid(4, 4, RED)));
        StoredImageSource changed = StoredImageSource.imageFolder(new StoredData(root.toString(), null, 4, 3, "image",
                "label"));
        assertEquals(6, changed.identity().images());
        assertTrue(!changed.identity().hash().equals(source.identity().hash()));
    }
}
