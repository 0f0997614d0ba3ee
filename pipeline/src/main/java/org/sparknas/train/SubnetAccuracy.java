package org.sparknas.train;

/**
 * A sub-network's held-out accuracy after BN re-calibration, as the search would measure it.
 *
 * @param label which one ({@code smallest}, {@code median}, {@code largest})
 */
public record SubnetAccuracy(String label, String architecture, long macs, double accuracy, double loss) {
}
