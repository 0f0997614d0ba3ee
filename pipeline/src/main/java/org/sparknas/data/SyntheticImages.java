package org.sparknas.data;

import java.util.SplittableRandom;

/**
 * A small, seeded, learnable stand-in for Fashion-MNIST, for tests that need real values fast:
 * class {@code c} is a sinusoidal grating at angle {@code pi * c / classes} with a class-dependent
 * frequency, a random phase and Gaussian pixel noise. The same seed gives the same bytes on every
 * JVM.
 */
public final class SyntheticImages implements ImageSource {

    private final int trainingCount;
    private final int testCount;
    private final int side;
    private final int numClasses;
    private final long seed;
    private ImageSet training;
    private ImageSet test;

    public SyntheticImages(int trainingCount, int testCount, int side, int numClasses, long seed) {
        if (trainingCount < 0 || testCount < 0 || side < 4 || numClasses < 2 || numClasses > 256) {
            throw new IllegalArgumentException("synthetic images need counts >= 0, side >= 4 and 2..256 classes, got "
                    + trainingCount + ", " + testCount + ", " + side + ", " + numClasses);
        }
        this.trainingCount = trainingCount;
        this.testCount = testCount;
        this.side = side;
        this.numClasses = numClasses;
        this.seed = seed;
    }

    /** 28x28, 10 classes, like Fashion-MNIST. */
    public static SyntheticImages fashionLike(int trainingCount, int testCount, long seed) {
        return new SyntheticImages(trainingCount, testCount, 28, 10, seed);
    }

    @Override
    public String name() {
        return "synthetic-" + side + "x" + side + "-seed" + seed;
    }

    @Override
    public synchronized ImageSet training() {
        if (training == null) {
            training = generate(trainingCount, new SplittableRandom(seed));
        }
        return training;
    }

    @Override
    public synchronized ImageSet test() {
        if (test == null) {
            // a different stream than training, so that test images are not training images
            test = generate(testCount, new SplittableRandom(seed ^ 0x5DEECE66DL));
        }
        return test;
    }

    private ImageSet generate(int count, SplittableRandom random) {
        int size = side * side;
        byte[] pixels = new byte[count * size];
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            int label = random.nextInt(numClasses);
            labels[i] = (byte) label;
            double angle = Math.PI * label / numClasses;
            double frequency = 2 + label % 3;
            double phase = random.nextDouble(2 * Math.PI);
            double cos = Math.cos(angle);
            double sin = Math.sin(angle);
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    double wave = Math.sin(2 * Math.PI * frequency * (x * cos + y * sin) / side + phase);
                    double value = 128 + 90 * wave + 20 * random.nextGaussian();
                    pixels[i * size + y * side + x] = (byte) Math.max(0, Math.min(255, (int) Math.round(value)));
                }
            }
        }
        return new ImageSet(pixels, labels, 1, side, side, numClasses);
    }
}
