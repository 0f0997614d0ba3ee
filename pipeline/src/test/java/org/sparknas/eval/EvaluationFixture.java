package org.sparknas.eval;

import ai.djl.ndarray.NDManager;
import org.sparknas.data.DataSplit;
import org.sparknas.data.SplitPlan;
import org.sparknas.data.SyntheticImages;
import org.sparknas.space.OfaSpace;
import org.sparknas.supernet.ElasticSupernet;
import org.sparknas.supernet.InputNormalization;
import org.sparknas.supernet.SupernetWeights;
import org.sparknas.supernet.TestSupernets;
import org.sparknas.supernet.TrainingInfo;

/**
 * A small, fully seeded evaluation set-up shared by the evaluator tests and the child JVM of the
 * cross-JVM determinism test: the default space, a randomised supernet, synthetic images split like
 * Fashion-MNIST (smaller).
 */
final class EvaluationFixture {

    static final int BATCH = 100;
    static final long WEIGHT_SEED = 51;

    final OfaSpace space = TestSupernets.defaultSpace();
    final DataSplit split = DataSplit.of(SyntheticImages.fashionLike(1200, 0, 77), new SplitPlan(300, 200, 5));
    final byte[] weights;

    EvaluationFixture() {
        try (NDManager manager = NDManager.newBaseManager()) {
            ElasticSupernet supernet = TestSupernets.randomized(space, manager, WEIGHT_SEED);
            weights = SupernetWeights.encode(supernet, InputNormalization.FASHION_MNIST, TrainingInfo.untrained(WEIGHT_SEED));
        }
    }

    SupernetEvaluatorFactory factory() {
        return new SupernetEvaluatorFactory(space, weights, "fixture.weights", split.calibration(), split.validation(), BATCH);
    }
}
