package org.sparknas.supernet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;
import java.util.SplittableRandom;

/**
 * Once-for-All's initialisation, drawn from a Java generator seeded by the run's seed and the
 * parameter's name (not from the engine's global generator), so that a seed gives the same weights
 * in any JVM and whatever else was initialised before: convolutions Kaiming-normal with fan-out,
 * the classifier uniform in +-1/sqrt(features), biases and BN beta 0, BN gamma 1, running mean 0
 * and variance 1, kernel-transformation matrices the identity.
 */
final class SeededInitializer implements Initializer {

    private final long seed;
    private final String name;
    private final Parameter.Type type;

    SeededInitializer(long seed, String name, Parameter.Type type) {
        this.seed = seed;
        this.name = name;
        this.type = type;
    }

    @Override
    public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
        float[] values = new float[Math.toIntExact(shape.size())];
        switch (type) {
            case WEIGHT -> weights(shape, values);
            case GAMMA, RUNNING_VAR -> java.util.Arrays.fill(values, 1f);
            case OTHER -> identity(shape, values);
            default -> {
                // BIAS, BETA, RUNNING_MEAN start at zero
            }
        }
        return manager.create(values, shape).toType(dataType, false);
    }

    private void weights(Shape shape, float[] values) {
        // String.hashCode is specified by the JLS, so the stream is the same on every JVM
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + name.hashCode());
        if (shape.dimension() == 4) {
            double std = Math.sqrt(2.0 / (shape.get(0) * shape.get(2) * shape.get(3)));
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (random.nextGaussian() * std);
            }
        } else {
            double bound = 1.0 / Math.sqrt(shape.get(shape.dimension() - 1));
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) random.nextDouble(-bound, bound);
            }
        }
    }

    private void identity(Shape shape, float[] values) {
        if (shape.dimension() != 2 || shape.get(0) != shape.get(1)) {
            throw new IllegalArgumentException("parameter " + name + " of shape " + shape + " has no identity initialisation");
        }
        int n = (int) shape.get(0);
        for (int i = 0; i < n; i++) {
            values[i * n + i] = 1f;
        }
    }
}
