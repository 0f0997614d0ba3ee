package org.sparknas.train;

import org.sparknas.data.ImageSet;
import org.sparknas.eval.SupernetEvaluator;
import org.sparknas.space.Architecture;
import org.sparknas.space.OfaSpace;
import org.sparknas.strategy.Metrics;
import org.sparknas.supernet.ElasticSupernet;
import org.sparknas.supernet.InputNormalization;

/**
 * The held-out accuracy of the whole space's largest and smallest networks during training,
 * measured as the search measures (BN re-calibration on the calibration images, then accuracy on
 * the first validation images), for the log and the plot. It overwrites the running statistics of
 * the channels it measures, which training does not read (it normalises with batch statistics).
 */
final class HeldOutCheck implements AutoCloseable {

    /** Accuracy of the largest and the smallest network. */
    record Result(double largest, double smallest) {
    }

    private final SupernetEvaluator evaluator;
    private final Architecture largest;
    private final Architecture smallest;
    private final int images;

    HeldOutCheck(ElasticSupernet supernet, ImageSet calibration, ImageSet validation, InputNormalization normalization,
                 int images, int batchSize) {
        OfaSpace space = supernet.space();
        this.evaluator = SupernetEvaluator.over(supernet, calibration, validation.first(images), normalization, batchSize);
        this.largest = space.largest();
        this.smallest = space.smallest();
        this.images = images;
    }

    Result measure() {
        return new Result(evaluator.evaluate(largest, images).get(Metrics.ACCURACY),
                evaluator.evaluate(smallest, images).get(Metrics.ACCURACY));
    }

    @Override
    public void close() {
        evaluator.close();
    }
}
