package org.sparknas.strategy;

import java.util.List;
import org.sparknas.space.Architecture;

/**
 * A model of one metric (accuracy, loss, a latency) as a function of the architecture, learnt from
 * measured trials: Once-for-All's accuracy predictor, and the surrogate {@link PredictorGuidedSearch}
 * runs its inner evolution on. Fitting replaces what an earlier fit learnt; a predictor is
 * deterministic for its seed and the pairs it was fitted on (in their order).
 */
public interface AccuracyPredictor {

    /** The fewest (architecture, value) pairs {@link #fit} accepts: fewer say nothing about a space. */
    int minimumTrials();

    /**
     * Learns {@code values[i]} for {@code architectures.get(i)}.
     *
     * @throws IllegalStateException when given fewer than {@link #minimumTrials()} pairs
     * @throws IllegalArgumentException when the lists differ in length or a value is not finite
     */
    void fit(List<Architecture> architectures, double[] values);

    /** Whether {@link #fit} has succeeded at least once. */
    boolean fitted();

    /**
     * The predicted value of one architecture.
     *
     * @throws IllegalStateException before a successful {@link #fit}
     */
    double predict(Architecture architecture);
}
