package org.sparknas.train;

/**
 * One row of the training log: means over the steps since the previous row, and, at the end of an
 * epoch where validation ran, the accuracies of the largest and smallest networks after BN
 * re-calibration on the first {@code validation.images} held-out images and on as many images of
 * the official test set (NaN where not measured, where a phase trains no sub-network, or where the
 * data has no test set). The last row of a finished training, phase {@link #FINAL}, holds the final
 * evaluation instead: the same two networks on every held-out and every test image, as the weights'
 * manifest records them.
 *
 * @param globalStep  steps done so far
 * @param epochs      epochs done so far over all phases, fractional
 * @param seconds     training wall time so far
 */
record LogRow(long globalStep, String phase, int epoch, double epochs, double learningRate, double seconds,
              double largestLoss, double largestAccuracy, double subnetLoss, double subnetAccuracy,
              double validationLargest, double validationSmallest, double testLargest, double testSmallest) {

    static final String HEADER = "global_step,phase,epoch,epochs,learning_rate,seconds,largest_loss,largest_accuracy,"
            + "subnet_loss,subnet_accuracy,val_largest_accuracy,val_smallest_accuracy,test_largest_accuracy,"
            + "test_smallest_accuracy";

    /** The header of logs written before the test-set columns (a checkpoint may still hold one). */
    static final String HEADER_WITHOUT_TEST = HEADER.substring(0, HEADER.indexOf(",test_largest_accuracy"));

    /** The phase of the final evaluation's row: with a space, so no phase of a schedule can be named so. */
    static final String FINAL = "final evaluation";

    boolean validated() {
        return !Double.isNaN(validationLargest);
    }

    boolean isFinal() {
        return FINAL.equals(phase);
    }
}
