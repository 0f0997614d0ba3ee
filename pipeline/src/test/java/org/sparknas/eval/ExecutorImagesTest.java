package org.sparknas.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparknas.data.DecodedImageFile;
import org.sparknas.data.ImageCollection;
import org.sparknas.data.ImageReadException;
import org.sparknas.data.ImageSet;
import org.sparknas.data.SyntheticImages;

class ExecutorImagesTest {

    @TempDir
    Path tmp;

    private final ImageSet images = new SyntheticImages(40, 0, 12, 4, 9).training();

    @AfterEach
    void forget() {
        ExecutorImages.forgetDecoded();
    }

    private ImageFiles files(String name) {
        return ImageFiles.write(images, tmp.resolve(name));
    }

    private static void assertSameImages(ImageSet expected, ImageSet actual) {
        assertEquals(expected.count(), actual.count());
        assertArrayEquals(expected.labels(), actual.labels());
        assertArrayEquals(expected.pixels(), actual.pixels());
        assertEquals(expected.numClasses(), actual.numClasses());
    }

    @Test
    void aBroadcastSetIsUsedAsItIsAndNothingIsCached() throws Exception {
        Path cache = tmp.resolve("cache");
        assertSame(images, ExecutorImages.of(images, cache.toString()));
        assertTrue(Files.notExists(cache));
    }

    @Test
    void concurrentTasksShareOneDecodeAndItLandsOnDisk() throws Exception {
        ImageFiles stored = files("share");
        int[] picked = {7, 3, 30, 11, 0};
        ImageCollection selection = stored.select(picked);
        String cache = tmp.resolve("cache").toString();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<ImageSet>> results = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return ExecutorImages.of(selection, cache);
                }));
            }
            start.countDown();
            for (Future<ImageSet> r : results) {
                assertSame(results.get(0).get(), r.get(), "every task gets the JVM's one copy");
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(picked.length, ImageFiles.decoded(tmp.resolve("share")), "decoded once, by one thread");
        assertSameImages(images.subset(picked), results.get(0).get());
        Path file = ExecutorImages.cacheFile(cache, ExecutorImages.fingerprint(selection));
        assertSameImages(images.subset(picked), DecodedImageFile.read(file, selection).orElseThrow());
    }

    @Test
    void anotherJvmOfTheHostReadsTheDiskCacheWithoutTheStorage() throws Exception {
        ImageFiles stored = files("reuse");
        ImageCollection selection = stored.select(new int[] {5, 6, 7});
        String cache = tmp.resolve("cache").toString();
        ImageSet first = ExecutorImages.of(selection, cache);
        ExecutorImages.forgetDecoded();
        try (Stream<Path> all = Files.list(tmp.resolve("reuse"))) {
            for (Path p : all.toList()) {
                Files.delete(p);
            }
        }
        // an equal collection deserialised elsewhere has the same fingerprint, so the same file
        ImageCollection again = ImageFiles.write(images, tmp.resolve("unused")).select(new int[] {5, 6, 7});
        assertTrue(!ExecutorImages.fingerprint(again).equals(ExecutorImages.fingerprint(selection)),
                "another folder is another collection");
        ImageSet second = ExecutorImages.of(new ImageFiles(stored.folder(), stored.labels(), stored.channels(),
                stored.height(), stored.width(), stored.numClasses()).select(new int[] {5, 6, 7}), cache);
        assertSameImages(first, second);
        assertEquals(3, ImageFiles.decoded(tmp.resolve("reuse")), "the second JVM decoded nothing");
    }

    @Test
    void aDamagedCacheFileIsDecodedAgainAndReplaced() throws Exception {
        ImageFiles stored = files("damaged");
        ImageCollection selection = stored.select(new int[] {1, 2});
        String cache = tmp.resolve("cache").toString();
        ExecutorImages.of(selection, cache);
        Path file = ExecutorImages.cacheFile(cache, ExecutorImages.fingerprint(selection));
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 1] ^= 1;
        Files.write(file, bytes);
        assertTrue(assertThrows(java.io.IOException.class, () -> DecodedImageFile.read(file, selection)).getMessage()
                .contains("checksum"));
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 1));
        assertTrue(assertThrows(java.io.IOException.class, () -> DecodedImageFile.read(file, selection)).getMessage()
                .contains("bytes"));

        ExecutorImages.forgetDecoded();
        assertSameImages(images.subset(new int[] {1, 2}), ExecutorImages.of(selection, cache));
        assertEquals(4, ImageFiles.decoded(tmp.resolve("damaged")), "decoded a second time");
        assertSameImages(images.subset(new int[] {1, 2}), DecodedImageFile.read(file, selection).orElseThrow());
    }

    @Test
    void anUnwritableCacheCostsADecodeNotTheImages() throws Exception {
        ImageFiles stored = files("unwritable");
        Path notADirectory = Files.writeString(tmp.resolve("a-file"), "x");
        ImageSet read = ExecutorImages.of(stored.select(new int[] {3}), notADirectory.toString());
        assertSameImages(images.subset(new int[] {3}), read);
    }

    @Test
    void anUnreadableImageIsNamed() throws Exception {
        ImageFiles stored = files("unreadable");
        Files.delete(ImageFiles.file(stored.folder(), 2));
        ImageReadException e = assertThrows(ImageReadException.class,
                () -> ExecutorImages.of(stored.select(new int[] {1, 2}), tmp.resolve("cache").toString()));
        assertTrue(e.getMessage().contains("image-00002.raw"), e.getMessage());
    }
}
