package org.sparknas.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparknas.config.ConfigException;

class FashionMnistTest {

    /** Where bin/fetch-fashion-mnist puts the files, seen from the pipeline module. */
    private static final Path FETCHED = Path.of("../data/fashion-mnist");

    @TempDir
    Path dir;

    @Test
    void missingFilesSayHowToGetThem() {
        Path empty = dir.resolve("nothing-here");
        assumeTrue(!FashionMnist.FILES.stream().allMatch(f -> Files.isRegularFile(FashionMnist.SYSTEM_DIRECTORY.resolve(f))),
                "the system directory holds Fashion-MNIST, so a missing configured directory is not an error here");
        ConfigException e = assertThrows(ConfigException.class, () -> FashionMnist.locate(empty));
        assertTrue(e.getMessage().contains("bin/fetch-fashion-mnist"), e.getMessage());
        assertTrue(e.getMessage().contains(empty.toString()) && e.getMessage().contains("no such directory"), e.getMessage());
    }

    @Test
    void aDirectoryWithSomeFilesListsTheMissingOnes() throws IOException {
        Files.write(dir.resolve(FashionMnist.TRAIN_IMAGES), new byte[] {1});
        assumeTrue(!FashionMnist.FILES.stream().allMatch(f -> Files.isRegularFile(FashionMnist.SYSTEM_DIRECTORY.resolve(f))));
        ConfigException e = assertThrows(ConfigException.class, () -> FashionMnist.locate(dir));
        assertTrue(e.getMessage().contains("missing " + FashionMnist.TRAIN_LABELS), e.getMessage());
    }

    @Test
    void filesOfTheWrongSizeAreRefused() throws IOException {
        Files.write(dir.resolve(FashionMnist.TRAIN_IMAGES),
                IdxFilesTest.idx(IdxFiles.IMAGES_MAGIC, new int[] {10, 28, 28}, new byte[10 * 784]));
        Files.write(dir.resolve(FashionMnist.TRAIN_LABELS), IdxFilesTest.idx(IdxFiles.LABELS_MAGIC, new int[] {10}, new byte[10]));
        Files.write(dir.resolve(FashionMnist.TEST_IMAGES), new byte[] {1});
        Files.write(dir.resolve(FashionMnist.TEST_LABELS), new byte[] {1});
        FashionMnist data = FashionMnist.locate(dir);
        ConfigException e = assertThrows(ConfigException.class, data::training);
        assertTrue(e.getMessage().contains("60000") && e.getMessage().contains(FashionMnist.TRAIN_IMAGES), e.getMessage());
        e = assertThrows(ConfigException.class, data::test);
        assertTrue(e.getMessage().contains(FashionMnist.TEST_IMAGES), e.getMessage());
    }

    @Test
    void theRealFilesHoldSixtyThousandBalancedTrainingImages() {
        // Not an assumption: the build fetches the files before the tests (exec-maven-plugin), so a
        // missing file is a failure to see, never a silent skip.
        assertTrue(FashionMnist.FILES.stream().allMatch(f -> Files.isRegularFile(FETCHED.resolve(f))),
                "Fashion-MNIST is not in data/fashion-mnist: run bin/fetch-fashion-mnist");
        FashionMnist data = FashionMnist.locate(FETCHED);
        ImageSet training = data.training();
        assertEquals(60_000, training.count());
        assertEquals(10_000, data.test().count());
        int[] perClass = new int[10];
        for (int i = 0; i < training.count(); i++) {
            perClass[training.label(i)]++;
        }
        for (int c = 0; c < 10; c++) {
            assertEquals(6_000, perClass[c], "class " + c);
        }
        double mean = 0;
        for (byte b : training.pixels()) {
            mean += b & 0xFF;
        }
        // the normalisation constants the supernet uses (0.2860) come from these pixels
        assertEquals(0.2860, mean / training.pixels().length / 255, 5e-4);
    }
}
