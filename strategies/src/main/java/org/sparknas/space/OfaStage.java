package org.sparknas.space;

import java.util.List;

/**
 * One stage of inverted-residual (MBConv) blocks that share an output width. The first block
 * applies the stride; a stage runs its first {@code depth} blocks; each block has its own kernel
 * size and expand ratio. Squeeze-excite, when on, reduces the block's middle width by 4.
 */
public record OfaStage(int channels, int stride, List<Integer> depths, List<Integer> kernels,
                       List<Integer> expandRatios, boolean squeezeExcite, Activation activation) {

    public OfaStage {
        requirePositive("stage channels", channels);
        requireStride("stage stride", stride);
        depths = ascendingPositive("depths", depths);
        kernels = ascendingPositive("kernels", kernels);
        expandRatios = ascendingPositive("expand-ratios", expandRatios);
        for (int k : kernels) {
            requireOdd("kernel size", k);
        }
    }

    public int maxDepth() {
        return depths.get(depths.size() - 1);
    }

    public int maxKernel() {
        return kernels.get(kernels.size() - 1);
    }

    public int maxExpandRatio() {
        return expandRatios.get(expandRatios.size() - 1);
    }

    static void requirePositive(String what, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(what + " must be positive, got " + value);
        }
    }

    static void requireOdd(String what, int value) {
        if (value <= 0 || value % 2 == 0) {
            throw new IllegalArgumentException(what + " must be a positive odd number (3, 5, 7, ...), got " + value);
        }
    }

    static void requireStride(String what, int value) {
        if (value != 1 && value != 2) {
            throw new IllegalArgumentException(what + " must be 1 or 2, got " + value);
        }
    }

    private static List<Integer> ascendingPositive(String what, List<Integer> values) {
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException(what + " is an empty list; give at least one value");
        }
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) <= 0) {
                throw new IllegalArgumentException(what + " must be positive, got " + values);
            }
            if (i > 0 && values.get(i) <= values.get(i - 1)) {
                throw new IllegalArgumentException(what + " must be strictly ascending without repeats, got " + values);
            }
        }
        return List.copyOf(values);
    }
}
