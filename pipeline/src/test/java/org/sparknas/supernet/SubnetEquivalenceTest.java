package org.sparknas.supernet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sparknas.space.Architecture;
import org.sparknas.space.OfaSpace;

/**
 * The central proof: a sub-network run inside the supernet computes exactly what a plain network of
 * DJL's own layers, built statically for that architecture, computes with the weights copied out
 * of the supernet. Random architectures (seeded), the smallest and the largest.
 */
class SubnetEquivalenceTest {

    private static final float TOLERANCE = 1e-4f;

    private static NDManager manager;
    private static OfaSpace space;
    private static ElasticSupernet supernet;

    @BeforeAll
    static void setUp() {
        manager = NDManager.newBaseManager();
        space = TestSupernets.defaultSpace();
        supernet = TestSupernets.randomized(space, manager, 11);
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    static List<Architecture> architectures() {
        List<Architecture> list = new ArrayList<>(List.of(space.smallest(), space.largest()));
        SplittableRandom random = new SplittableRandom(2024);
        for (int i = 0; i < 12; i++) {
            list.add(space.sample(random));
        }
        return list;
    }

    @Test
    @SuppressWarnings("try") // resources held open for their scope (grad mode, NDScope)
    void subnetworkEqualsStaticNetworkWithIndependentlyCopiedWeights() {
        for (Architecture arch : architectures()) {
            try (NDManager scope = manager.newSubManager(); NoGrad ignored = NoGrad.enter()) {
                supernet.setActive(arch);
                // realistic activation scale: statistics of real-looking images at this resolution
                BatchNormCalibrator.recalibrate(supernet,
                        TestSupernets.calibrationBatches(scope, 32, 16, supernet.active().resolution(), 5));
                StaticSubnet network = StaticSubnet.build(space.shape(arch));
                network.initialize(scope);
                network.copyWeights(ReferenceWeights.extract(supernet, network, scope));

                NDArray images = TestSupernets.randomImages(scope, 6, 1, 28, arch.hashCode());
                NDArray expected = network.forward(images);
                NDArray actual = supernet.forward(images, supernet.pass(NormMode.INFERENCE, LayerObserver.NONE));
                assertEquals(expected.getShape(), actual.getShape());
                float diff = TestSupernets.maxAbsDiff(expected, actual);
                assertTrue(diff < TOLERANCE, arch.key() + ": max |supernet - static| = " + diff);
                assertTrue(expected.abs().max().getFloat() > 0.1f, arch.key() + ": logits are degenerate");
            }
        }
    }

    @Test
    @SuppressWarnings("try") // resources held open for their scope (grad mode, NDScope)
    void exportedWeightsEqualTheIndependentExtraction() {
        for (Architecture arch : architectures().subList(0, 6)) {
            try (NDManager scope = manager.newSubManager(); NoGrad ignored = NoGrad.enter()) {
                supernet.setActive(arch);
                StaticSubnet network = StaticSubnet.build(space.shape(arch));
                network.initialize(scope);
                Map<String, NDArray> reference = ReferenceWeights.extract(supernet, network, scope);
                Map<String, NDArray> active = supernet.activeWeights();
                assertEquals(reference.keySet(), active.keySet(), arch.key());
                for (String name : reference.keySet()) {
                    float diff = TestSupernets.maxAbsDiff(reference.get(name), active.get(name));
                    assertTrue(diff < 1e-6f, arch.key() + " " + name + ": " + diff);
                }
            }
        }
    }

    @Test
    @SuppressWarnings("try") // resources held open for their scope (grad mode, NDScope)
    void smallerKernelsDependOnTheTransformationMatrices() {
        // the transforms are not a no-op in this test's supernet, so the equivalence above really covers them
        Architecture arch = space.smallest();
        supernet.setActive(arch);
        try (NDManager scope = manager.newSubManager(); NoGrad ignored = NoGrad.enter()) {
            NDArray kernel = supernet.activeWeights().get("s1.b1.depthwise.conv.weight");
            NDArray full = supernet.getDirectParameters().get("s1.b1.depthwise.conv.weight").getArray();
            NDArray centre = full.get(":" + kernel.getShape().get(0) + ", :, 2:5, 2:5");
            assertEquals(kernel.getShape(), centre.getShape());
            assertTrue(TestSupernets.maxAbsDiff(kernel, centre) > 1e-3f);
        }
    }
}
