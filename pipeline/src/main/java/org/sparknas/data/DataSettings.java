package org.sparknas.data;

/**
 * Which images a search evaluates on.
 *
 * @param source          {@code fashion-mnist} or {@code synthetic}
 * @param dir             where the Fashion-MNIST IDX files are
 * @param validationSize  images held out of the training set for accuracy
 * @param calibrationSize training images used for BN re-calibration
 * @param splitSeed       seed of the validation/calibration split
 */
public record DataSettings(String source, String dir, int validationSize, int calibrationSize, long splitSeed) {
}
