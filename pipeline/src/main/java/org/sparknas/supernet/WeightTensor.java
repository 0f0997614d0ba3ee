package org.sparknas.supernet;

import java.util.Arrays;

/** One weight tensor of a sub-network, by value: its shape and its elements in row-major order. */
public record WeightTensor(long[] shape, float[] values) {

    public WeightTensor {
        shape = shape.clone();
        values = values.clone();
        long count = Arrays.stream(shape).reduce(1L, Math::multiplyExact);
        if (count != values.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + count + " values, got "
                    + values.length);
        }
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    @Override
    public float[] values() {
        return values.clone();
    }

    /** The elements without a copy; callers must not change them. */
    public float[] valuesView() {
        return values;
    }
}
