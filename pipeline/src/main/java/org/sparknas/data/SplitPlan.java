package org.sparknas.data;

/**
 * How a training set is divided: {@code validationCount} images held out for validation, and
 * {@code calibrationCount} of the remaining training images fixed for BatchNorm re-calibration,
 * both drawn with {@code seed}. Once-for-All re-calibrates on 2,000 training images.
 */
public record SplitPlan(int validationCount, int calibrationCount, long seed) {

    public static final long DEFAULT_SEED = 20_240_601L;
    public static final SplitPlan DEFAULT = new SplitPlan(5_000, 2_000, DEFAULT_SEED);

    public SplitPlan {
        if (validationCount <= 0 || calibrationCount <= 0) {
            throw new IllegalArgumentException("validation and calibration counts must be positive, got "
                    + validationCount + " and " + calibrationCount);
        }
    }
}
