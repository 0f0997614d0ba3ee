package org.sparknas.train;

/**
 * One row of the training log: means over the steps since the previous row, and, at the end of an
 * epoch where validation ran, the held-out accuracies of the largest and smallest networks after
 * BN re-calibration (NaN where not measured, or where a phase trains no sub-network).
 *
 * @param globalStep  steps done so far
 * @param epochs      epochs done so far over all phases, fractional
 * @param seconds     training wall time so far
 */
record LogRow(long globalStep, String phase, int epoch, double epochs, double learningRate, double seconds,
              double largestLoss, double largestAccuracy, double subnetLoss, double subnetAccuracy,
              double validationLargest, double validationSmallest) {

    static final String HEADER = "global_step,phase,epoch,epochs,learning_rate,seconds,largest_loss,largest_accuracy,"
            + "subnet_loss,subnet_accuracy,val_largest_accuracy,val_smallest_accuracy";

    boolean validated() {
        return !Double.isNaN(validationLargest);
    }
}
