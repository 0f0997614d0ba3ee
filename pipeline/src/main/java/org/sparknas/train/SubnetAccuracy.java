package org.sparknas.train;

/**
 * A sub-network's accuracy after BN re-calibration, as the search would measure it: on the
 * held-out validation images ({@code accuracy}, {@code loss}) and on the data set's official test
 * set ({@code testAccuracy}, {@code testLoss}; NaN when a weights file written before test
 * accuracies were recorded is read back).
 *
 * @param label which one ({@code smallest}, {@code median}, {@code largest})
 */
public record SubnetAccuracy(String label, String architecture, long macs, double accuracy, double loss,
                             double testAccuracy, double testLoss) {
}
