package org.sparknas.supernet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * Reads and writes parameter values as Java arrays. Writes go through {@code index_put_}, which
 * copies into the existing storage: views taken of the parameter and a DJL {@code ParameterStore}
 * keep seeing the same tensor ({@code NDArray.set(Buffer)} would swap the storage instead). Call
 * writes under {@link NoGrad}: PyTorch refuses in-place writes into parameters while recording.
 */
final class ParameterArrays {

    private ParameterArrays() {
    }

    /** Overwrites all of {@code target} with {@code values} (row-major, same element count). */
    static void write(NDArray target, float[] values) {
        try (NDArray source = target.getManager().create(values, target.getShape())) {
            target.set(new NDIndex("..."), source);
        }
    }

    /** Overwrites the first {@code values.length} entries of the 1-D {@code target}. */
    static void writePrefix(NDArray target, float[] values) {
        try (NDArray source = target.getManager().create(values, new Shape(values.length))) {
            target.set(new NDIndex(":{}", values.length), source);
        }
    }

    /**
     * {@code data} (row-major, of {@code shape}) with its entries along {@code axis} re-ordered:
     * position i of the result holds what was at position {@code order[i]}.
     */
    static float[] permute(float[] data, Shape shape, int axis, int[] order) {
        long outer = 1;
        for (int d = 0; d < axis; d++) {
            outer *= shape.get(d);
        }
        long inner = 1;
        for (int d = axis + 1; d < shape.dimension(); d++) {
            inner *= shape.get(d);
        }
        int n = (int) shape.get(axis);
        int block = (int) inner;
        float[] out = new float[data.length];
        for (long o = 0; o < outer; o++) {
            int base = (int) (o * n * inner);
            for (int i = 0; i < n; i++) {
                System.arraycopy(data, base + order[i] * block, out, base + i * block, block);
            }
        }
        return out;
    }
}
