package org.sparknas.data;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The fixed division of a data set that every number in a run refers to:
 * <ul>
 *   <li>{@code validation}: images held out of the training set (never the test set), in a seeded
 *       random order, so that the first F of them (the fidelity) are a uniform sample;</li>
 *   <li>{@code training}: the other training images, in their original order;</li>
 *   <li>{@code calibration}: a fixed, seeded subset of {@code training} (never a validation image),
 *       in a fixed order, for BatchNorm re-calibration;</li>
 *   <li>{@code test}: the source's test set, for final reports only.</li>
 * </ul>
 * The same source and plan give the same split on every machine. The split is drawn from the
 * labels' count alone: no image is decoded until a part is read, so a driver can split millions of
 * images in storage and hand the undecoded {@link #validationImages()} to executors that read them.
 */
public final class DataSplit {

    private final ImageCollection training;
    private final ImageCollection validation;
    private final ImageCollection calibration;
    private final ImageCollection test;
    private ImageSet validationRead;
    private ImageSet calibrationRead;
    private ImageSet testRead;

    public DataSplit(ImageCollection training, ImageCollection validation, ImageCollection calibration,
                     ImageCollection test) {
        this.training = training;
        this.validation = validation;
        this.calibration = calibration;
        this.test = test;
    }

    public static DataSplit of(ImageSource source, SplitPlan plan) {
        ImageCollection all = source.training();
        int n = all.count();
        if (plan.validationCount() + plan.calibrationCount() > n) {
            throw new IllegalArgumentException("the training set of " + source.name() + " has " + n
                    + " images, too few to hold out " + plan.validationCount() + " for validation and keep "
                    + plan.calibrationCount() + " for calibration");
        }
        int[] order = permutation(n, new SplittableRandom(plan.seed()));
        int[] validation = Arrays.copyOfRange(order, 0, plan.validationCount());
        int[] rest = Arrays.copyOfRange(order, plan.validationCount(), n);
        // the calibration images come next in the same permutation: random, fixed, never validation images
        int[] calibration = Arrays.copyOfRange(rest, 0, plan.calibrationCount());
        int[] training = rest.clone();
        Arrays.sort(training);
        return new DataSplit(all.select(training), all.select(validation), all.select(calibration), source.test());
    }

    /** The training images, undecoded: training reads them a batch at a time. */
    public ImageCollection training() {
        return training;
    }

    /** The validation images, undecoded, in the split's order (fidelity F is the first F). */
    public ImageCollection validationImages() {
        return validation;
    }

    /** The calibration images, undecoded, in the split's order. */
    public ImageCollection calibrationImages() {
        return calibration;
    }

    /** The test images, undecoded (count 0 when the source has none). */
    public ImageCollection testImages() {
        return test;
    }

    /** The validation images, decoded once and kept. */
    public synchronized ImageSet validation() {
        if (validationRead == null) {
            validationRead = validation.readAll();
        }
        return validationRead;
    }

    /** The calibration images, decoded once and kept. */
    public synchronized ImageSet calibration() {
        if (calibrationRead == null) {
            calibrationRead = calibration.readAll();
        }
        return calibrationRead;
    }

    /** The test images, decoded once and kept. */
    public synchronized ImageSet test() {
        if (testRead == null) {
            testRead = test.readAll();
        }
        return testRead;
    }

    /** Fisher-Yates shuffle of 0..n-1. */
    public static int[] permutation(int n, SplittableRandom random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
