package org.sparknas.supernet;

/** How the BatchNorm layers of a forward pass normalise and what they do with their statistics. */
public enum NormMode {
    /** Normalise with the running statistics; change nothing. */
    INFERENCE,
    /**
     * Normalise with the batch's statistics and fold them into the running statistics of the active
     * channels (momentum 0.1, as in Once-for-All); the inactive channels' statistics stay as they are.
     */
    TRAINING,
    /**
     * Normalise with the batch's statistics and report them to the pass's {@link LayerObserver};
     * the running statistics stay as they are. Used by {@link BatchNormCalibrator}.
     */
    CALIBRATION
}
