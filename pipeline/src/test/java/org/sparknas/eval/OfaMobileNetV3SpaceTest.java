package org.sparknas.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sparknas.data.ImageSet;
import org.sparknas.space.Activation;
import org.sparknas.space.Architecture;
import org.sparknas.space.OfaSpace;
import org.sparknas.space.OfaStage;
import org.sparknas.space.SearchSpaces;
import org.sparknas.strategy.Metrics;
import org.sparknas.supernet.ElasticSupernet;
import org.sparknas.supernet.InputNormalization;
import org.sparknas.supernet.ModelCost;
import org.sparknas.supernet.TestSupernets;

/**
 * conf/spaces/ofa-mbv3.conf, Once-for-All's MobileNetV3 space for RGB images: it parses as
 * documented, its cost model agrees with the layers the supernet runs, and the supernet over it
 * evaluates sub-networks (exact BatchNorm re-calibration, DJL and the deployed ONNX model alike) on
 * a few random RGB images at 128x128. Untrained: the numbers only have to be computed, not good.
 */
class OfaMobileNetV3SpaceTest {

    private static final int RESOLUTION = 128;
    private static final int IMAGES = 6;

    private static OfaSpace space;
    private static NDManager manager;
    private static ElasticSupernet supernet;
    private static ImageSet calibration;
    private static ImageSet validation;
    private static InputNormalization normalization;

    @BeforeAll
    static void setUp() {
        space = (OfaSpace) SearchSpaces.load(Path.of("../conf/spaces/ofa-mbv3.conf"));
        manager = NDManager.newBaseManager();
        supernet = TestSupernets.randomized(space, manager, 13);
        calibration = rgbImages(IMAGES, 1);
        validation = rgbImages(IMAGES, 2);
        normalization = new InputNormalization(List.of(0.485f, 0.456f, 0.406f), List.of(0.229f, 0.224f, 0.225f));
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    /** Random 3x128x128 images of random labels among the space's 100 classes. */
    private static ImageSet rgbImages(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] pixels = new byte[count * 3 * RESOLUTION * RESOLUTION];
        random.nextBytes(pixels);
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            labels[i] = (byte) random.nextInt(space.numClasses());
        }
        return new ImageSet(pixels, labels, 3, RESOLUTION, RESOLUTION, space.numClasses());
    }

    @Test
    void theSpaceIsOnceForAllsMobileNetV3ForRgbImages() {
        assertEquals("ofa-mbv3", space.name());
        assertEquals(3, space.inputChannels());
        assertEquals(100, space.numClasses());
        assertEquals(List.of(128, 160, 192, 224), space.resolutions());
        assertEquals(16, space.stem().channels());
        assertEquals(2, space.stem().stride());
        assertEquals(Activation.HSWISH, space.stem().activation());
        assertEquals(List.of(24, 40, 80, 112, 160), space.stages().stream().map(OfaStage::channels).toList());
        assertEquals(List.of(2, 2, 2, 1, 2), space.stages().stream().map(OfaStage::stride).toList());
        assertEquals(List.of(Activation.RELU, Activation.RELU, Activation.HSWISH, Activation.HSWISH, Activation.HSWISH),
                space.stages().stream().map(OfaStage::activation).toList());
        assertEquals(List.of(false, true, false, true, true), space.stages().stream().map(OfaStage::squeezeExcite).toList());
        for (OfaStage stage : space.stages()) {
            assertEquals(List.of(2, 3, 4), stage.depths());
            assertEquals(List.of(3, 5, 7), stage.kernels());
            assertEquals(List.of(3, 4, 6), stage.expandRatios());
        }
        assertEquals(960, space.head().channels());
    }

    /**
     * The cost model's figures, counted independently layer by layer from the space's definition
     * (stem 3x3/2; per block 1x1 expand at its input size, kxk depthwise and 1x1 project at its
     * output size, squeeze-excite 2 x mid x mid/4; head 1x1 160 -> 960 at 7x7 (4x4 at 128), classifier
     * 960 x 100): largest (224, depth 4, kernel 7, expand 6) 558,733,344 MACs and 5,243,668 parameters,
     * smallest (128, depth 2, kernel 3, expand 3) 37,416,384 MACs and 987,968 parameters: the order
     * usually quoted for OFA's largest MobileNetV3 network (about 0.6 G multiply-adds; not re-derived
     * here; ours lacks its fixed first block and its 1280-wide head layer). The supernet, running
     * each network, counts the same.
     */
    @Test
    void largestAndSmallestCostWhatTheirLayersCount() {
        Architecture largest = space.largest();
        Architecture smallest = space.smallest();
        assertEquals(224, largest.gene(0));
        assertEquals(128, smallest.gene(0));
        assertEquals(558_733_344L, space.macs(largest));
        assertEquals(5_243_668L, space.params(largest));
        assertEquals(37_416_384L, space.macs(smallest));
        assertEquals(987_968L, space.params(smallest));
        for (Architecture arch : List.of(largest, smallest)) {
            supernet.setActive(arch);
            try (NDManager scope = manager.newSubManager()) {
                ModelCost counted = ModelCost.ofActive(supernet, scope);
                assertEquals(space.macs(arch), counted.macs(), arch.key());
                assertEquals(space.params(arch), counted.params(), arch.key());
            }
        }
    }

    @Test
    void theSupernetEvaluatesSubNetworksOnRgbImages() {
        int[] genes = space.sample(new SplittableRandom(4)).genes();
        genes[0] = RESOLUTION;
        Architecture random = space.architecture(genes);
        try (SupernetEvaluator evaluator = SupernetEvaluator.over(supernet, calibration, validation, normalization, 4)) {
            for (Architecture arch : List.of(space.smallest(), random)) {
                Map<String, Double> metrics = evaluator.evaluate(arch, IMAGES);
                double accuracy = metrics.get(Metrics.ACCURACY);
                double loss = metrics.get(Metrics.LOSS);
                assertTrue(accuracy >= 0 && accuracy <= 1 && Double.isFinite(loss) && loss > 0, arch.key() + ": " + metrics);
                assertEquals((double) space.macs(arch), metrics.get(Metrics.MACS), arch.key());
                // re-calibrated again from scratch, the same numbers: the statistics are exact, not running
                assertEquals(metrics, evaluator.evaluate(arch, IMAGES), arch.key());
                // the deployed ONNX model (BatchNorm folded, run by ONNX Runtime) scores the images as DJL did
                ClassificationScore onnx = DeployedModel.of(supernet, calibration, calibration.count(), normalization, 1)
                        .score(validation, IMAGES, normalization, 4, 1);
                assertEquals(accuracy, onnx.accuracy(), 0.0, arch.key());
                assertEquals(loss, onnx.meanLoss(), 1e-4 * loss, arch.key());
            }
        }
    }

    @Test
    void imagesOfAnotherChannelCountAreRefusedNamingTheKey() {
        ImageSet gray = new ImageSet(new byte[IMAGES * RESOLUTION * RESOLUTION], new byte[IMAGES], 1, RESOLUTION, RESOLUTION,
                space.numClasses());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SupernetEvaluator.over(supernet, gray, validation, normalization, 4));
        assertTrue(e.getMessage().contains("the images have 1 channel(s) but space.input-channels = 3")
                && e.getMessage().contains("ofa-mbv3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> SupernetEvaluator.over(supernet, calibration, validation, InputNormalization.FASHION_MNIST, 4));
        assertTrue(e.getMessage().contains("1 channel(s)") && e.getMessage().contains("space.input-channels = 3"),
                e.getMessage());
    }
}
