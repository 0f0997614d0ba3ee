package org.sparknas.supernet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.sparknas.space.Architecture;
import org.sparknas.space.OfaSpace;

/** What supernet training (progressive shrinking) relies on. */
class SupernetTrainingTest {

    private static final OfaSpace SPACE = TestSupernets.defaultSpace();
    /** Stage 1 block 1 kernel 3, block 2 kernel 5; stage 3 block 1 kernel 7; narrow widths; stage 3 at depth 2 of 4. */
    private static final String KEY = "r24:d2,3,2:k3,5,3,3,5,7,3,7,7,3,3,3:e3,4,3,3,4,6,3,3,4,3,3,3";

    @Test
    void gradientsReachActiveSlicesAndKernelTransformsOnly() {
        try (NDManager manager = NDManager.newBaseManager()) {
            ElasticSupernet supernet = new ElasticSupernet(SPACE);
            supernet.initializeWeights(manager, 7);
            Architecture arch = SPACE.parse(KEY);
            supernet.setActive(arch);
            NDArray images = TestSupernets.randomImages(manager, 8, 1, 28, 3);
            NDArray labels = manager.create(new float[] {0, 1, 2, 3, 4, 5, 6, 7});
            float[] meanBefore = parameter(supernet, "s1.b1.expand.bn.running_mean");
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray logits = supernet.forward(new ParameterStore(manager, false), new NDList(images), true).singletonOrThrow();
                NDArray loss = Loss.softmaxCrossEntropyLoss().evaluate(new NDList(labels), new NDList(logits));
                collector.backward(loss);
            }
            // kernel 3 in s1.b1: both transforms used; kernel 5 in s1.b2: only 7->5; kernel 7 in s3.b1: none
            assertTrue(gradientNorm(supernet, "s1.b1.depthwise.conv.transform.7to5") > 0);
            assertTrue(gradientNorm(supernet, "s1.b1.depthwise.conv.transform.5to3") > 0);
            assertTrue(gradientNorm(supernet, "s1.b2.depthwise.conv.transform.7to5") > 0);
            assertEquals(0, gradientNorm(supernet, "s1.b2.depthwise.conv.transform.5to3"));
            assertEquals(0, gradientNorm(supernet, "s3.b1.depthwise.conv.transform.7to5"));
            // width: s1.b1 runs 16 * 3 = 48 of its 96 middle channels
            float[] grad = gradient(supernet, "s1.b1.expand.conv.weight");
            assertTrue(norm(Arrays.copyOfRange(grad, 0, 48 * 16)) > 0);
            assertEquals(0, norm(Arrays.copyOfRange(grad, 48 * 16, grad.length)));
            // depth: stage 3 runs 2 of its 4 blocks
            assertTrue(gradientNorm(supernet, "s3.b2.project.conv.weight") > 0);
            assertEquals(0, gradientNorm(supernet, "s3.b3.project.conv.weight"));
            // BatchNorm in training mode updates the running statistics of the active channels only
            float[] meanAfter = parameter(supernet, "s1.b1.expand.bn.running_mean");
            for (int c = 0; c < 96; c++) {
                assertEquals(c < 48, meanAfter[c] != meanBefore[c], "channel " + c);
            }
        }
    }

    @Test
    @SuppressWarnings("try") // resources held open for their scope (grad mode, NDScope)
    void reorderingByImportanceKeepsTheFullNetworkAndSortsChannels() {
        try (NDManager manager = NDManager.newBaseManager(); NoGrad ignored = NoGrad.enter()) {
            ElasticSupernet supernet = TestSupernets.randomized(SPACE, manager, 17);
            NDArray images = TestSupernets.randomImages(manager, 4, 1, 28, 5);
            supernet.setActive(SPACE.largest());
            BatchNormCalibrator.recalibrate(supernet, TestSupernets.calibrationBatches(manager, 16, 16, 28, 3));
            float[] fullBefore = supernet.forward(images, supernet.pass(NormMode.INFERENCE, LayerObserver.NONE)).toFloatArray();
            supernet.setActive(SPACE.parse(KEY));
            float[] narrowBefore = supernet.forward(images, supernet.pass(NormMode.INFERENCE, LayerObserver.NONE)).toFloatArray();
            assertTrue(!isDescending(supernet.middleImportance(2, 1)), "random weights should start unsorted");

            supernet.reorderChannelsByImportance();

            supernet.setActive(SPACE.largest());
            float[] fullAfter = supernet.forward(images, supernet.pass(NormMode.INFERENCE, LayerObserver.NONE)).toFloatArray();
            // summation order changes with the channel order: equal up to float rounding, relative to the logit scale
            float scale = 0;
            for (float v : fullBefore) {
                scale = Math.max(scale, Math.abs(v));
            }
            assertArrayEquals(fullBefore, fullAfter, 1e-4f * Math.max(1f, scale));
            for (int s = 1; s <= SPACE.stages().size(); s++) {
                for (int b = 1; b <= SPACE.stages().get(s - 1).maxDepth(); b++) {
                    assertTrue(isDescending(supernet.middleImportance(s, b)), "stage " + s + " block " + b);
                }
            }
            supernet.setActive(SPACE.parse(KEY));
            float[] narrowAfter = supernet.forward(images, supernet.pass(NormMode.INFERENCE, LayerObserver.NONE)).toFloatArray();
            assertTrue(maxDiff(narrowBefore, narrowAfter) > 1e-3, "narrow widths now keep other channels");
        }
    }

    @Test
    void aNewSupernetStartsWithIdentityKernelTransforms() {
        try (NDManager manager = NDManager.newBaseManager()) {
            ElasticSupernet supernet = new ElasticSupernet(SPACE);
            supernet.initializeWeights(manager, 1);
            NDArray t = supernet.getDirectParameters().get("s2.b3.depthwise.conv.transform.7to5").getArray();
            assertEquals(new Shape(25, 25), t.getShape());
            assertArrayEquals(manager.eye(25).toFloatArray(), t.toFloatArray());
            assertEquals(new Shape(9, 9), supernet.getDirectParameters().get("s2.b3.depthwise.conv.transform.5to3").getArray().getShape());
        }
    }

    private static boolean isDescending(float[] values) {
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[i - 1]) {
                return false;
            }
        }
        return true;
    }

    private static float[] parameter(ElasticSupernet supernet, String name) {
        return supernet.getDirectParameters().get(name).getArray().toFloatArray();
    }

    private static float[] gradient(ElasticSupernet supernet, String name) {
        return supernet.getDirectParameters().get(name).getArray().getGradient().toFloatArray();
    }

    private static double gradientNorm(ElasticSupernet supernet, String name) {
        return norm(gradient(supernet, name));
    }

    private static double norm(float[] values) {
        double sum = 0;
        for (float v : values) {
            sum += (double) v * v;
        }
        return Math.sqrt(sum);
    }

    private static double maxDiff(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
