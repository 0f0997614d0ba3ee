package org.sparknas.train;

import org.sparknas.data.ImageSet;
import org.sparknas.eval.SupernetEvaluator;
import org.sparknas.space.Architecture;
import org.sparknas.space.OfaSpace;
import org.sparknas.strategy.Metrics;
import org.sparknas.supernet.ElasticSupernet;
import org.sparknas.supernet.InputNormalization;

/**
 * The accuracy of the whole space's largest and smallest networks during training, measured as the
 * search measures (BN re-calibration on the calibration images, then accuracy) on the first
 * validation images and on as many images of the test set, for the log and the plot. The test-set
 * figures are reported only: nothing in training or in the search reads them. It overwrites the
 * running statistics of the channels it measures, which training does not read (it normalises with
 * batch statistics).
 */
final class HeldOutCheck implements AutoCloseable {

    /** Accuracy of the largest and the smallest network, held-out and on the test set (NaN: no test set). */
    record Result(double largest, double smallest, double testLargest, double testSmallest) {
        /** An epoch without a check. */
        static final Result NOT_MEASURED = new Result(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }

    private final SupernetEvaluator heldOut;
    private final SupernetEvaluator test;
    private final Architecture largest;
    private final Architecture smallest;
    private final int images;
    private final int testImages;

    /** {@code test} is null for a source without a test set: its figures are then NaN. */
    HeldOutCheck(ElasticSupernet supernet, ImageSet calibration, ImageSet validation, ImageSet test,
                 InputNormalization normalization, int images, int batchSize) {
        OfaSpace space = supernet.space();
        this.heldOut = SupernetEvaluator.over(supernet, calibration, validation.first(images), normalization, batchSize);
        this.testImages = test == null ? 0 : Math.min(images, test.count());
        this.test = testImages == 0 ? null
                : SupernetEvaluator.over(supernet, calibration, test.first(testImages), normalization, batchSize);
        this.largest = space.largest();
        this.smallest = space.smallest();
        this.images = images;
    }

    /** Test images each check measures (0: none). */
    int testImages() {
        return testImages;
    }

    Result measure() {
        return new Result(heldOut.evaluate(largest, images).get(Metrics.ACCURACY),
                heldOut.evaluate(smallest, images).get(Metrics.ACCURACY),
                test == null ? Double.NaN : test.evaluate(largest, testImages).get(Metrics.ACCURACY),
                test == null ? Double.NaN : test.evaluate(smallest, testImages).get(Metrics.ACCURACY));
    }

    @Override
    public void close() {
        heldOut.close();
        if (test != null) {
            test.close();
        }
    }
}
