package org.sparknas.deploy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparknas.config.ConfigException;
import org.sparknas.data.ImageSet;
import org.sparknas.data.SyntheticImages;
import org.sparknas.space.Architecture;
import org.sparknas.space.OfaSpace;
import org.sparknas.supernet.ElasticSupernet;
import org.sparknas.supernet.ImageTensors;
import org.sparknas.supernet.InputNormalization;
import org.sparknas.supernet.LayerObserver;
import org.sparknas.supernet.ModelCost;
import org.sparknas.supernet.NoGrad;
import org.sparknas.supernet.NormMode;
import org.sparknas.supernet.TestSupernets;

class SubnetExportTest {

    private static NDManager manager;
    private static OfaSpace space;
    private static ElasticSupernet supernet;
    private static ImageSet images;
    private static Architecture arch;

    @TempDir
    Path dir;

    @BeforeAll
    static void setUp() {
        manager = NDManager.newBaseManager();
        space = TestSupernets.defaultSpace();
        supernet = TestSupernets.randomized(space, manager, 41);
        images = SyntheticImages.fashionLike(80, 0, 4).training();
        arch = space.parse("r24:d3,2,4:k5,3,7,3,7,3,5,3,3,5,7,5:e4,6,3,3,3,6,3,3,6,4,3,4");
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    private SubnetExporter.Options options() {
        return new SubnetExporter.Options(images.first(60), 20, InputNormalization.FASHION_MNIST, Map.of("supernet", "test"));
    }

    @Test
    @SuppressWarnings("try") // resources held open for their scope (grad mode, NDScope)
    void anExportedSubnetworkComputesWhatTheSupernetComputes() throws TranslateException {
        SubnetExporter.export(supernet, arch, options(), dir);
        assertTrue(Files.isRegularFile(dir.resolve("subnet-0000.params")));
        assertTrue(Files.isRegularFile(dir.resolve(SubnetExporter.MANIFEST)));
        try (ExportedSubnet exported = ExportedSubnet.load(dir); NDManager scope = manager.newSubManager();
             NoGrad ignored = NoGrad.enter()) {
            assertEquals(arch, exported.architecture());
            NDArray batch = ImageTensors.batch(scope, images, 60, 20, InputNormalization.FASHION_MNIST);
            // export re-calibrated the supernet's active slice on the same images, so both hold the same statistics
            NDArray expected = supernet.forward(batch, supernet.pass(NormMode.INFERENCE, LayerObserver.NONE));
            NDArray actual = exported.logits(batch);
            float diff = TestSupernets.maxAbsDiff(expected, actual);
            assertTrue(diff < 1e-4f, "max diff " + diff);

            try (Predictor<NDList, NDList> predictor = exported.newPredictor()) {
                NDArray predicted = predictor.predict(new NDList(batch)).singletonOrThrow();
                assertTrue(TestSupernets.maxAbsDiff(expected, predicted) < 1e-4f);
            }
            int[] classes = exported.classify(images.first(80), 32);
            long[] argmax = expected.argMax(1).toLongArray();
            for (int i = 0; i < 20; i++) {
                assertEquals(argmax[i], classes[60 + i]);
            }
        }
    }

    @Test
    void anExportHoldsOnlyItsOwnWeights() throws IOException {
        SubnetExporter.export(supernet, arch, options(), dir);
        try (ExportedSubnet exported = ExportedSubnet.load(dir)) {
            ModelCost cost = ModelCost.of(exported.model().getBlock(),
                    new ai.djl.ndarray.types.Shape(1, 1, space.shape(arch).resolution(), space.shape(arch).resolution()));
            assertEquals(space.params(arch), cost.params());
            assertEquals(space.macs(arch), cost.macs());
            long stored = exported.model().getBlock().getParameters().values().stream()
                    .mapToLong(p -> p.getArray().size()).sum();
            long statistics = exported.model().getBlock().getParameters().values().stream()
                    .filter(p -> p.getType() == Parameter.Type.RUNNING_MEAN || p.getType() == Parameter.Type.RUNNING_VAR)
                    .mapToLong(p -> p.getArray().size()).sum();
            assertEquals(space.params(arch) + statistics, stored);
            // the file is those floats plus DJL's per-parameter headers, nothing of the rest of the supernet
            long exportBytes = Files.size(dir.resolve("subnet-0000.params"));
            assertTrue(exportBytes >= 4 * stored && exportBytes < 4 * stored + 32_768, exportBytes + " bytes for " + stored + " floats");
        }
    }

    @Test
    void aDamagedExportIsRefused() throws IOException {
        SubnetExporter.export(supernet, space.smallest(), options(), dir);
        Path params = dir.resolve("subnet-0000.params");
        byte[] bytes = Files.readAllBytes(params);
        bytes[bytes.length - 3] ^= 1;
        Files.write(params, bytes);
        ConfigException e = assertThrows(ConfigException.class, () -> ExportedSubnet.load(dir));
        assertTrue(e.getMessage().contains(params.toString()) && e.getMessage().contains("checksum mismatch"), e.getMessage());

        Files.delete(dir.resolve(SubnetExporter.MANIFEST));
        e = assertThrows(ConfigException.class, () -> ExportedSubnet.load(dir));
        assertTrue(e.getMessage().contains(SubnetExporter.MANIFEST), e.getMessage());
    }
}
