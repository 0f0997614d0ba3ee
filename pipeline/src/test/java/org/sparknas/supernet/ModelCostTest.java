package org.sparknas.supernet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sparknas.space.Architecture;
import org.sparknas.space.OfaSpace;

/**
 * MACs and parameters counted from the DJL models themselves (the layers a static network holds,
 * and the layers the supernet actually runs) equal the analytical cost model.
 */
class ModelCostTest {

    private static NDManager manager;
    private static OfaSpace space;
    private static ElasticSupernet supernet;

    @BeforeAll
    static void setUp() {
        manager = NDManager.newBaseManager();
        space = TestSupernets.defaultSpace();
        supernet = new ElasticSupernet(space);
        supernet.initializeWeights(manager, 3);
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    private static List<Architecture> architectures() {
        List<Architecture> list = new ArrayList<>(List.of(space.smallest(), space.largest()));
        SplittableRandom random = new SplittableRandom(99);
        for (int i = 0; i < 10; i++) {
            list.add(space.sample(random));
        }
        return list;
    }

    @Test
    void staticNetworkCountsEqualTheCostModel() {
        for (Architecture arch : architectures()) {
            try (NDManager scope = manager.newSubManager()) {
                StaticSubnet network = StaticSubnet.build(space.shape(arch));
                network.initialize(scope);
                ModelCost counted = ModelCost.of(network.block(), network.inputShape(1));
                assertEquals(space.macs(arch), counted.macs(), "MACs of " + arch.key());
                assertEquals(space.params(arch), counted.params(), "parameters of " + arch.key());
            }
        }
    }

    @Test
    void layersTheSupernetRunsCountAsTheCostModel() {
        for (Architecture arch : architectures()) {
            supernet.setActive(arch);
            ModelCost counted = ModelCost.ofActive(supernet, manager);
            assertEquals(space.macs(arch), counted.macs(), "MACs of " + arch.key());
            assertEquals(space.params(arch), counted.params(), "parameters of " + arch.key());
        }
    }

    @Test
    void knownValuesOfTheDefaultSpace() {
        // pinned in OfaSpaceTest as well: the counts above are not vacuous
        try (NDManager scope = manager.newSubManager()) {
            StaticSubnet largest = StaticSubnet.build(space.shape(space.largest()));
            largest.initialize(scope);
            assertEquals(10_387_920L, ModelCost.of(largest.block(), largest.inputShape(1)).macs());
            StaticSubnet smallest = StaticSubnet.build(space.shape(space.smallest()));
            smallest.initialize(scope);
            assertEquals(808_928L, ModelCost.of(smallest.block(), smallest.inputShape(1)).macs());
        }
    }
}
